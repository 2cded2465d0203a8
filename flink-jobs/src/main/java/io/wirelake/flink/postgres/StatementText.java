package io.wirelake.flink.postgres;

/** A statement's raw SQL (capped) with its normalized form and first keyword, computed once. */
final class StatementText {
  byte[] raw;
  boolean truncated;
  String normalized;
  String keyword;

  StatementText() {}

  StatementText(byte[] b, int off, int len, boolean truncated) {
    this.raw = java.util.Arrays.copyOfRange(b, off, off + len);
    this.truncated = truncated;
    this.normalized = SqlNormalizer.normalize(b, off, len);
    this.keyword = SqlNormalizer.firstKeyword(b, off, len);
  }

  long bytes() {
    return raw.length + 2L * normalized.length();
  }
}
