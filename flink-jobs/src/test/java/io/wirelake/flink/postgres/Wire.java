package io.wirelake.flink.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds PostgreSQL protocol messages for tests (independently of the dissector's code). */
final class Wire {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Wire of() {
    return new Wire();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static byte[] int16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  private static byte[] cstr(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] r = new byte[b.length + 1];
    System.arraycopy(b, 0, r, 0, b.length);
    return r;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  /** A typed message: type, int32 length (itself included), body. */
  Wire msg(char type, byte[]... body) {
    byte[] b = concat(body);
    out.write(type);
    out.writeBytes(int32(b.length + 4));
    out.writeBytes(b);
    return this;
  }

  Wire untyped(int code, byte[]... body) {
    byte[] b = concat(body);
    out.writeBytes(int32(b.length + 8));
    out.writeBytes(int32(code));
    out.writeBytes(b);
    return this;
  }

  // ---- frontend
  Wire sslRequest() {
    return untyped(80877103);
  }

  Wire gssencRequest() {
    return untyped(80877104);
  }

  Wire cancel(int pid, int secret) {
    return untyped(80877102, int32(pid), int32(secret));
  }

  Wire startup(String... params) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (String p : params) {
      o.writeBytes(cstr(p));
    }
    o.write(0);
    return untyped(196608, o.toByteArray());
  }

  Wire query(String sql) {
    return msg('Q', cstr(sql));
  }

  Wire parse(String name, String sql) {
    return msg('P', cstr(name), cstr(sql), int16(0));
  }

  Wire bind(String portal, String statement, String... params) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(cstr(portal));
    o.writeBytes(cstr(statement));
    o.writeBytes(int16(0));
    o.writeBytes(int16(params.length));
    for (String p : params) {
      byte[] v = p.getBytes(StandardCharsets.UTF_8);
      o.writeBytes(int32(v.length));
      o.writeBytes(v);
    }
    o.writeBytes(int16(0));
    return msg('B', o.toByteArray());
  }

  Wire describePortal(String portal) {
    return msg('D', new byte[] {'P'}, cstr(portal));
  }

  Wire execute(String portal) {
    return msg('E', cstr(portal), int32(0));
  }

  Wire sync() {
    return msg('S');
  }

  Wire password(String pw) {
    return msg('p', cstr(pw));
  }

  Wire terminate() {
    return msg('X');
  }

  // ---- backend
  Wire auth(int code, byte[]... rest) {
    return msg('R', concat(int32(code), concat(rest)));
  }

  Wire authMd5(String salt) {
    return auth(5, salt.getBytes(StandardCharsets.ISO_8859_1));
  }

  Wire parameterStatus(String name, String value) {
    return msg('S', cstr(name), cstr(value));
  }

  Wire backendKey(int pid, int secret) {
    return msg('K', int32(pid), int32(secret));
  }

  Wire ready(char status) {
    return msg('Z', new byte[] {(byte) status});
  }

  Wire rowDescription(String column) {
    return msg('T', int16(1), cstr(column), int32(0), int16(0), int32(23), int16(4), int32(-1), int16(0));
  }

  Wire dataRow(String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    return msg('D', int16(1), int32(v.length), v);
  }

  Wire complete(String tag) {
    return msg('C', cstr(tag));
  }

  Wire parseComplete() {
    return msg('1');
  }

  Wire bindComplete() {
    return msg('2');
  }

  Wire noData() {
    return msg('n');
  }

  Wire error(String sqlstate, String message) {
    return msg('E', cstr("SERROR"), cstr("VERROR"), cstr("C" + sqlstate), cstr("M" + message), new byte[] {0});
  }

  Wire fatal(String sqlstate, String message) {
    return msg('E', cstr("SFATAL"), cstr("VFATAL"), cstr("C" + sqlstate), cstr("M" + message), new byte[] {0});
  }

  Wire raw(byte... b) {
    out.writeBytes(b);
    return this;
  }

  Wire raw(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }
}
