package io.wirelake.flink.postgres;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL frontend/backend protocol 3.x constants and body decoding helpers. Pure static functions over
 * byte ranges; strings are built only for the values a caller asks for.
 */
final class WireFormat {
  private WireFormat() {}

  /** Startup packet codes (the int32 after the length of an untyped message). */
  static final int PROTOCOL_3_0 = 196608;
  static final int CANCEL_REQUEST = 80877102;
  static final int SSL_REQUEST = 80877103;
  static final int GSSENC_REQUEST = 80877104;

  /** Longest startup packet the server accepts (MAX_STARTUP_PACKET_LENGTH). */
  static final int MAX_STARTUP_LENGTH = 10_000;
  /** Longest typed message accepted (the server's own limit is 1 GiB - 1). */
  static final int MAX_MESSAGE_LENGTH = 0x3fff_ffff;

  /** Frontend message types after the startup packet. */
  private static final String FRONTEND_TYPES = "BCDEFHPQSXcdfp";
  /** Backend message types. */
  private static final String BACKEND_TYPES = "RKSZTDCENI123ntsAGHWdcVv";

  private static final boolean[] FRONTEND = table(FRONTEND_TYPES);
  private static final boolean[] BACKEND = table(BACKEND_TYPES);

  private static boolean[] table(String types) {
    boolean[] t = new boolean[256];
    for (int i = 0; i < types.length(); i++) {
      t[types.charAt(i)] = true;
    }
    return t;
  }

  static boolean validType(boolean frontend, int type) {
    return (frontend ? FRONTEND : BACKEND)[type & 0xff];
  }

  /** True for a startup-packet code this dissector understands. */
  static boolean knownStartupCode(int code, int length) {
    if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
      return length == 8;
    }
    if (code == CANCEL_REQUEST) {
      return length == 16;
    }
    return isProtocol3(code) && length > 8;
  }

  static boolean isProtocol3(int code) {
    return (code >>> 16) == 3 && (code & 0xffff) < 0x100;
  }

  /**
   * How many body bytes of a message are worth keeping; the rest is skipped by length. Query texts are
   * kept up to {@code textCap}; row data, copy data and anything carrying credentials are never kept.
   */
  static int captureLimit(boolean frontend, int type, int bodyLen, int textCap) {
    int want;
    if (frontend) {
      switch (type) {
        case 0: // startup packet: parameters (a cancel request's secret key is dropped after decoding)
          want = MAX_STARTUP_LENGTH;
          break;
        case 'Q':
          want = textCap;
          break;
        case 'P':
          want = textCap + 128; // statement name, then the text
          break;
        case 'B':
          want = 256; // portal and statement names
          break;
        case 'E':
        case 'D':
        case 'C':
          want = 130;
          break;
        default: // p (passwords, SASL), d/c/f (copy), S, H, X, F
          want = 0;
      }
    } else {
      switch (type) {
        case 'C':
          want = 256; // command tag
          break;
        case 'E':
          want = 2048; // fields: severity, SQLSTATE, message, ...
          break;
        case 'S':
          want = 256; // parameter status
          break;
        case 'R':
        case 'K':
          want = 4; // authentication type / backend pid only, never the secrets that follow
          break;
        case 'Z':
          want = 1;
          break;
        default: // D (rows), T, N, copy data, ...
          want = 0;
      }
    }
    return Math.min(want, bodyLen);
  }

  static int int32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  /** Index of the NUL that ends the string starting at {@code off}, or {@code end} if there is none. */
  static int cstringEnd(byte[] b, int off, int end) {
    int i = off;
    while (i < end && b[i] != 0) {
      i++;
    }
    return i;
  }

  static String utf8(byte[] b, int off, int end) {
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** The NUL-terminated string at {@code off} (to {@code end} if unterminated). */
  static String cstring(byte[] b, int off, int end) {
    return utf8(b, off, cstringEnd(b, off, end));
  }

  /** True if the bytes [off, end) equal the ASCII string {@code s}; compares without allocating. */
  static boolean sameAscii(String s, byte[] b, int off, int end) {
    if (s == null || s.length() != end - off) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != (b[off + i] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value of field {@code code} of an ErrorResponse/NoticeResponse body (fields of a type byte and a
   * string, ended by a zero byte), or null.
   */
  static String errorField(byte[] b, int off, int end, char code) {
    int p = off;
    while (p < end && b[p] != 0) {
      int t = b[p++];
      int e = cstringEnd(b, p, end);
      if (t == code) {
        return utf8(b, p, e);
      }
      p = e + 1;
    }
    return null;
  }

  /** Name of an authentication request type (the int32 of an 'R' message). */
  static String authName(int code) {
    switch (code) {
      case 0:
        return "ok";
      case 2:
        return "kerberos";
      case 3:
        return "password";
      case 5:
        return "md5";
      case 7:
        return "gss";
      case 9:
        return "sspi";
      case 10:
        return "sasl";
      default:
        return null; // continuation messages (8, 11, 12) name no method
    }
  }
}
