package io.wirelake.ingest.capture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the records a reader skips and logs the first one at WARN (the rest at DEBUG), so a
 * damaged file produces one warning rather than a flood.
 */
final class SkippedRecords {

  private static final Logger LOG = LoggerFactory.getLogger(CaptureReader.class);

  private final String file;
  private long count;
  private String firstReason;

  SkippedRecords(String file) {
    this.file = file;
  }

  void skip(long offset, String reason) {
    count++;
    if (firstReason == null) {
      firstReason = reason + " at offset " + offset;
      LOG.warn("{}: skipping record: {} (further problems in this file are logged at DEBUG)",
          file, firstReason);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{}: skipping record: {} at offset {}", file, reason, offset);
    }
  }

  long count() {
    return count;
  }

  String firstReason() {
    return firstReason;
  }
}
