package io.wirelake.flink.http2;

/**
 * Incremental HTTP/2 frame parser of one direction, pull style: {@link #advance} consumes bytes until an
 * event (a chunk of DATA payload, a complete frame, an error) or the end of the input, and says which in
 * {@link #event}. DATA payloads are streamed (never buffered), padding is stripped; other frames are buffered
 * up to a limit (longer ones are skipped and flagged {@link #truncated}); unknown frame types are skipped.
 * For HEADERS, PUSH_PROMISE and CONTINUATION the header block fragment is located ({@link #blockOff},
 * {@link #blockLen}) after padding, priority fields and the promised stream id.
 */
final class FrameReader {
  // states
  static final int PREFACE = 0;
  static final int HEADER = 1;
  static final int PAD_LENGTH = 2;
  static final int DATA_PAYLOAD = 3;
  static final int PADDING = 4;
  static final int PAYLOAD = 5;
  static final int DEAD = 6;

  // events
  static final int NEED_MORE = 0;
  static final int DATA_CHUNK = 1;
  static final int FRAME = 2;
  static final int ERROR = 3;

  int state;
  private int prefaceSeen;
  private byte[] head = new byte[Http2Frames.HEADER_LENGTH];
  private int headLen;
  private int headerBlockLimit;
  private int controlLimit;

  // the current frame
  int length;
  int type;
  int flags;
  int streamId;
  /** DATA: data octets still to come; buffered frames: payload octets still to come. */
  long remaining;
  /** DATA: padding octets after the data. */
  int padLeft;
  /** Payload kept of a buffered frame. */
  byte[] payload;
  int payloadLen;
  /** Payload octets of the current frame that are kept. */
  private int keepLimit;
  boolean truncated;
  int blockOff;
  int blockLen;
  int promisedStreamId;

  // the event
  int event;
  int chunkOff;
  int chunkLen;
  String error;
  long frames;

  FrameReader() {}

  /**
   * @param expectPreface the client direction starts with the connection preface
   * @param headerBlockLimit largest HEADERS / PUSH_PROMISE / CONTINUATION payload kept
   */
  FrameReader(boolean expectPreface, int headerBlockLimit) {
    this.state = expectPreface ? PREFACE : HEADER;
    this.headerBlockLimit = headerBlockLimit;
    this.controlLimit = 1024;
  }

  /** Consumes from {@code buf[p, end)} up to the next event; returns the new position. */
  int advance(byte[] buf, int p, int end) {
    event = NEED_MORE;
    while (p < end) {
      switch (state) {
        case PREFACE: {
          byte[] pre = Http2Frames.PREFACE;
          while (p < end && prefaceSeen < pre.length) {
            if (buf[p++] != pre[prefaceSeen++]) {
              return fail(p, "bad connection preface");
            }
          }
          if (prefaceSeen == pre.length) {
            state = HEADER;
          }
          break;
        }
        case HEADER: {
          int n = Math.min(end - p, Http2Frames.HEADER_LENGTH - headLen);
          System.arraycopy(buf, p, head, headLen, n);
          headLen += n;
          p += n;
          if (headLen == Http2Frames.HEADER_LENGTH) {
            headLen = 0;
            if (startFrame()) {
              return p;
            }
            if (state == DEAD) {
              return p;
            }
          }
          break;
        }
        case PAD_LENGTH: {
          int pad = buf[p++] & 0xff;
          if (pad > length - 1) {
            return fail(p, "DATA padding longer than the frame");
          }
          padLeft = pad;
          remaining = length - 1 - pad;
          state = DATA_PAYLOAD;
          if (remaining == 0 && padLeft == 0) {
            return endFrame(p);
          }
          break;
        }
        case DATA_PAYLOAD: {
          if (remaining == 0) {
            state = PADDING;
            break;
          }
          int n = (int) Math.min(remaining, end - p);
          remaining -= n;
          chunkOff = p;
          chunkLen = n;
          event = DATA_CHUNK;
          p += n;
          if (remaining == 0) {
            state = PADDING;
          }
          return p;
        }
        case PADDING: {
          int n = Math.min(padLeft, end - p);
          padLeft -= n;
          p += n;
          if (padLeft == 0) {
            return endFrame(p);
          }
          break;
        }
        case PAYLOAD: {
          int n = (int) Math.min(remaining, end - p);
          int keep = Math.min(n, keepLimit - payloadLen);
          if (keep > 0) {
            System.arraycopy(buf, p, payload, payloadLen, keep);
            payloadLen += keep;
          }
          remaining -= n;
          p += n;
          if (remaining == 0) {
            return endBuffered(p);
          }
          break;
        }
        default:
          return end;
      }
    }
    // a DATA frame whose data ended exactly at the end of the input and has no padding
    if (state == PADDING && padLeft == 0) {
      return endFrame(p);
    }
    return p;
  }

  /** Parses the 9-byte header; true if an event (zero-length frame complete) is ready. */
  private boolean startFrame() {
    length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
    type = head[3] & 0xff;
    flags = head[4] & 0xff;
    streamId = Http2Frames.u31(head, 5);
    truncated = false;
    payloadLen = 0;
    blockOff = 0;
    blockLen = 0;
    promisedStreamId = 0;
    if (type == Http2Frames.DATA) {
      if ((flags & Http2Frames.FLAG_PADDED) != 0) {
        if (length == 0) {
          fail(0, "padded DATA frame without pad length");
          return true;
        }
        state = PAD_LENGTH;
        return false;
      }
      padLeft = 0;
      remaining = length;
      if (length == 0) {
        endFrame(0);
        return true;
      }
      state = DATA_PAYLOAD;
      return false;
    }
    int limit = isHeaderBlockFrame(type) ? headerBlockLimit : isKnown(type) ? controlLimit : 0;
    int cap = Math.min(limit, length);
    if (payload == null || payload.length < cap) {
      payload = new byte[Math.max(cap, 64)];
    }
    keepLimit = cap;
    truncated = length > limit;
    remaining = length;
    if (length == 0) {
      endBuffered(0);
      return true;
    }
    state = PAYLOAD;
    return false;
  }

  static boolean isHeaderBlockFrame(int type) {
    return type == Http2Frames.HEADERS || type == Http2Frames.PUSH_PROMISE || type == Http2Frames.CONTINUATION;
  }

  static boolean isKnown(int type) {
    return type <= Http2Frames.CONTINUATION;
  }

  private int endFrame(int p) {
    state = HEADER;
    event = FRAME;
    frames++;
    return p;
  }

  private int endBuffered(int p) {
    int r = endFrame(p);
    if (truncated || !isHeaderBlockFrame(type)) {
      return r;
    }
    int off = 0;
    int stop = length;
    if (type != Http2Frames.CONTINUATION && (flags & Http2Frames.FLAG_PADDED) != 0) {
      if (length < 1) {
        return fail(r, "padded frame without pad length");
      }
      int pad = payload[0] & 0xff;
      off = 1;
      stop = length - pad;
    }
    if (type == Http2Frames.HEADERS && (flags & Http2Frames.FLAG_PRIORITY) != 0) {
      off += 5;
    }
    if (type == Http2Frames.PUSH_PROMISE) {
      if (off + 4 > stop) {
        return fail(r, "PUSH_PROMISE too short");
      }
      promisedStreamId = Http2Frames.u31(payload, off);
      off += 4;
    }
    if (off > stop) {
      return fail(r, "padding longer than the frame");
    }
    blockOff = off;
    blockLen = stop - off;
    return r;
  }

  private int fail(int p, String why) {
    state = DEAD;
    event = ERROR;
    error = why;
    return p;
  }

  /**
   * A hole of {@code bytes} in the input. Returns 0 if it lies inside the current DATA frame's data (the
   * framing is kept), 1 if it also ends that frame's data and the frame is now complete (no padding), -1 if
   * the framing is lost.
   */
  int skipData(long bytes) {
    if (state != DATA_PAYLOAD || bytes > remaining) {
      state = DEAD;
      return -1;
    }
    remaining -= bytes;
    if (remaining > 0) {
      return 0;
    }
    if (padLeft > 0) {
      state = PADDING;
      return 0;
    }
    state = HEADER;
    frames++;
    return 1;
  }

  long bufferedBytes() {
    return (payload == null ? 0 : payload.length) + head.length;
  }
}
