package io.wirelake.lakehouse.aggregate;

/**
 * One group's numbers in two windows and how significant the difference is. {@code before}/{@code after}
 * are null where the group has no data in that window ({@code kind} appeared/disappeared).
 *
 * @param group the group key
 * @param kind {@code changed}, {@code appeared} or {@code disappeared}
 * @param before statistics in the first (reference) window
 * @param after statistics in the second window
 * @param value the metric's headline number before and after: p99 µs, failure rate, requests/s
 * @param absoluteChange after - before of the headline number
 * @param relativeChange absoluteChange / before, null when before is 0 or absent
 * @param significance a z-score (see {@link WindowComparison}); ranked by its absolute value
 */
public record GroupChange(
    String group,
    String kind,
    GroupStats before,
    GroupStats after,
    Double valueBefore,
    Double valueAfter,
    Double absoluteChange,
    Double relativeChange,
    double significance) {}
