package io.wirelake.flink.postgres;

/**
 * How many messages of each type one transaction carried, per direction, rendered as a compact summary
 * such as {@code P:1 B:1 D:1 E:1 S:1} (frontend) or {@code 1:1 2:1 T:1 D:5 C:1 Z:1} (backend). Startup
 * packets have names: {@code startup}, {@code ssl}, {@code gssenc}, {@code cancel}.
 */
final class MessageCounts {
  static final String FRONTEND_ORDER = "QPBDECHSFdcfpX";
  static final String BACKEND_ORDER = "RSKv123ntTDdcGHWCIsVENAZ";
  static final String[] STARTUP_NAMES = {"ssl", "gssenc", "startup", "cancel"};
  static final int SSL = 0;
  static final int GSSENC = 1;
  static final int STARTUP = 2;
  static final int CANCEL = 3;

  private static final byte[] FRONTEND_INDEX = index(FRONTEND_ORDER);
  private static final byte[] BACKEND_INDEX = index(BACKEND_ORDER);

  private static byte[] index(String order) {
    byte[] ix = new byte[128];
    java.util.Arrays.fill(ix, (byte) -1);
    for (int i = 0; i < order.length(); i++) {
      ix[order.charAt(i)] = (byte) i;
    }
    return ix;
  }

  private int[] frontend = new int[FRONTEND_ORDER.length() + STARTUP_NAMES.length];
  private int[] backend = new int[BACKEND_ORDER.length()];

  void frontend(int type) {
    int i = type < 128 ? FRONTEND_INDEX[type] : -1;
    if (i >= 0) {
      frontend[i]++;
    }
  }

  void startup(int which) {
    frontend[FRONTEND_ORDER.length() + which]++;
  }

  void backend(int type) {
    int i = type < 128 && type >= 0 ? BACKEND_INDEX[type] : -1;
    if (i >= 0) {
      backend[i]++;
    }
  }

  int frontendCount(char type) {
    return frontend[FRONTEND_INDEX[type]];
  }

  int backendCount(char type) {
    return backend[BACKEND_INDEX[type]];
  }

  String frontendSummary() {
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < STARTUP_NAMES.length; i++) {
      append(sb, STARTUP_NAMES[i], frontend[FRONTEND_ORDER.length() + i]);
    }
    for (int i = 0; i < FRONTEND_ORDER.length(); i++) {
      append(sb, String.valueOf(FRONTEND_ORDER.charAt(i)), frontend[i]);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  String backendSummary() {
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < BACKEND_ORDER.length(); i++) {
      append(sb, String.valueOf(BACKEND_ORDER.charAt(i)), backend[i]);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void append(StringBuilder sb, String name, int n) {
    if (n > 0) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(name).append(':').append(n);
    }
  }
}
