package io.wirelake.ingest.capture;

/**
 * What a {@link CaptureReader} has read so far.
 *
 * @param framesRead frames returned by {@code next()}
 * @param recordsSkipped records skipped because they were truncated or malformed
 * @param skipReason a human description of the first skipped record, or null if none was
 */
public record CaptureStats(long framesRead, long recordsSkipped, String skipReason) {}
