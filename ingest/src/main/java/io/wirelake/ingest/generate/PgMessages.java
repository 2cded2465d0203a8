package io.wirelake.ingest.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** PostgreSQL protocol 3.0 messages, as a client and a server using simple queries send them. */
final class PgMessages {

  static final int PROTOCOL_3_0 = 196_608;

  /** A column of a RowDescription: its name, type OID and type length (-1: variable). */
  record Column(String name, int typeOid, int typeLength) {}

  private PgMessages() {}

  /** StartupMessage: length, protocol 3.0, then name/value pairs and a final zero byte. */
  static byte[] startup(String... nameValues) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int32(body, PROTOCOL_3_0);
    for (String s : nameValues) {
      cstring(body, s);
    }
    body.write(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int32(out, body.size() + 4);
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static byte[] authenticationOk() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int32(b, 0);
    return message('R', b);
  }

  static byte[] parameterStatus(String name, String value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, name);
    cstring(b, value);
    return message('S', b);
  }

  static byte[] backendKeyData(int pid, int secret) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int32(b, pid);
    int32(b, secret);
    return message('K', b);
  }

  static byte[] readyForQuery() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write('I');
    return message('Z', b);
  }

  static byte[] query(String sql) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, sql);
    return message('Q', b);
  }

  static byte[] rowDescription(int tableOid, List<Column> columns) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int16(b, columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      cstring(b, c.name());
      int32(b, tableOid);
      int16(b, i + 1);
      int32(b, c.typeOid());
      int16(b, c.typeLength());
      int32(b, -1);
      int16(b, 0);
    }
    return message('T', b);
  }

  /** A DataRow of text values; null is SQL NULL. */
  static byte[] dataRow(List<String> values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int16(b, values.size());
    for (String v : values) {
      if (v == null) {
        int32(b, -1);
      } else {
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        int32(b, bytes.length);
        b.writeBytes(bytes);
      }
    }
    return message('D', b);
  }

  static byte[] commandComplete(String tag) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, tag);
    return message('C', b);
  }

  /** ErrorResponse with severity, SQLSTATE code and message fields. */
  static byte[] errorResponse(String sqlState, String text) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write('S');
    cstring(b, "ERROR");
    b.write('V');
    cstring(b, "ERROR");
    b.write('C');
    cstring(b, sqlState);
    b.write('M');
    cstring(b, text);
    b.write(0);
    return message('E', b);
  }

  static byte[] terminate() {
    return message('X', new ByteArrayOutputStream());
  }

  private static byte[] message(char type, ByteArrayOutputStream body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    int32(out, body.size() + 4);
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void cstring(ByteArrayOutputStream b, String s) {
    b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    b.write(0);
  }

  private static void int16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v);
  }

  private static void int32(ByteArrayOutputStream b, int v) {
    b.write(v >>> 24);
    b.write(v >>> 16);
    b.write(v >>> 8);
    b.write(v);
  }
}
