package io.wirelake.ingest.live;

/** A live capture could not start: no such interface, no permission, a bad filter, or libpcap missing. */
public final class CaptureOpenException extends Exception {
  public CaptureOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
