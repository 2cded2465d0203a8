package io.wirelake.flink.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RESP framer on hand-built bytes: every type, inline commands, nesting, splits, pipelining, errors. */
class RedisRespReaderTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static RespReader server() {
    return new RespReader(false, 1024, 256, 8);
  }

  static RespReader client() {
    return new RespReader(true, 0, 4096, 64);
  }

  /** One summary per complete message: type, encoded size, null flag, elements; "FAIL: why" at a failure. */
  static List<String> read(RespReader r, byte[]... chunks) {
    List<String> out = new ArrayList<>();
    long ts = 0;
    for (byte[] c : chunks) {
      ts++;
      int p = 0;
      while (p < c.length) {
        p = r.read(c, p, c.length, ts);
        if (r.complete()) {
          out.add(summary(r));
          r.next();
        }
        if (r.failed()) {
          out.add("FAIL: " + r.error());
          return out;
        }
      }
    }
    return out;
  }

  static String summary(RespReader r) {
    StringBuilder sb = new StringBuilder();
    sb.append((char) r.type()).append(' ').append(r.bytes());
    if (r.isNull()) {
      sb.append(" null");
    }
    sb.append(" [");
    for (int i = 0; i < r.keptElements(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append((char) r.elemType(i));
      if (RespReader.isAggregate(r.elemType(i))) {
        sb.append(r.elemFull(i));
      } else if (r.elemKept(i) > 0) {
        sb.append(new String(r.elemBuf(), r.elemOff(i), r.elemKept(i), StandardCharsets.ISO_8859_1));
      }
    }
    return sb.append(']').toString();
  }

  /** Every way to cut {@code s} into two chunks, and one byte at a time, gives the same messages as whole. */
  static List<String> readEverySplit(java.util.function.Supplier<RespReader> f, String s) {
    List<String> whole = read(f.get(), b(s));
    for (int cut = 1; cut < s.length(); cut++) {
      assertThat(read(f.get(), b(s.substring(0, cut)), b(s.substring(cut)))).as("cut at " + cut).isEqualTo(whole);
    }
    byte[][] bytes = new byte[s.length()][];
    for (int i = 0; i < s.length(); i++) {
      bytes[i] = b(s.substring(i, i + 1));
    }
    assertThat(read(f.get(), bytes)).as("byte by byte").isEqualTo(whole);
    return whole;
  }

  @Test
  void resp2ScalarsAndNulls() {
    assertThat(read(server(), b("+OK\r\n"))).containsExactly("+ 5 [+OK]");
    assertThat(read(server(), b("-WRONGTYPE Operation against a key\r\n")))
        .containsExactly("- 36 [-WRONGTYPE Operation against a key]");
    assertThat(read(server(), b(":-42\r\n"))).containsExactly(": 6 [:-42]");
    assertThat(read(server(), b("$5\r\nhello\r\n"))).containsExactly("$ 11 [$hello]");
    assertThat(read(server(), b("$0\r\n\r\n"))).containsExactly("$ 6 [$]");
    assertThat(read(server(), b("$-1\r\n"))).containsExactly("$ 5 null [$]");
    assertThat(read(server(), b("*-1\r\n"))).containsExactly("* 5 null []");
    assertThat(read(server(), b("*0\r\n"))).containsExactly("* 4 []");
  }

  @Test
  void bulkStringsMayHoldCrlfAndBinary() {
    assertThat(read(server(), b("$4\r\n\r\n\u0000\u00ff\r\n"))).containsExactly("$ 10 [$\r\n\u0000\u00ff]");
  }

  @Test
  void resp3Types() {
    assertThat(read(server(), b("_\r\n"))).containsExactly("_ 3 null [_]");
    assertThat(read(server(), b("#t\r\n"))).containsExactly("# 4 [#t]");
    assertThat(read(server(), b(",3.14\r\n"))).containsExactly(", 7 [,3.14]");
    assertThat(read(server(), b(",-inf\r\n"))).containsExactly(", 7 [,-inf]");
    assertThat(read(server(), b("(3492890328409238509324850943850943825024385\r\n")))
        .containsExactly("( 46 [(3492890328409238509324850943850943825024385]");
    assertThat(read(server(), b("=15\r\ntxt:Some string\r\n"))).containsExactly("= 22 [=txt:Some string]");
    assertThat(read(server(), b("!21\r\nSYNTAX invalid syntax\r\n"))).containsExactly("! 28 [!SYNTAX invalid syntax]");
    assertThat(read(server(), b("%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n")))
        .containsExactly("% 29 [+first, :1, +second, :2]");
    assertThat(read(server(), b("~2\r\n+a\r\n+b\r\n"))).containsExactly("~ 12 [+a, +b]");
    assertThat(read(server(), b(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n")))
        .containsExactly("> 33 [$message, $ch, $hi]");
  }

  @Test
  void attributeBeforeAReplyIsSkippedButCounted() {
    String s = "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n"
        + "*2\r\n:2039123\r\n:9543892\r\n";
    assertThat(readEverySplit(RedisRespReaderTest::server, s)).containsExactly("* " + s.length() + " [:2039123, :9543892]");
    // an attribute inside an aggregate does not count as one of its elements
    assertThat(read(server(), b("*2\r\n|1\r\n+ttl\r\n:3\r\n+a\r\n+b\r\n"))).containsExactly("* 26 [+a, +b]");
  }

  @Test
  void nestedAggregatesEndWithTheirLastElement() {
    String s = "*3\r\n*2\r\n:1\r\n*1\r\n$1\r\nx\r\n%1\r\n+k\r\n~0\r\n$-1\r\n+after\r\n";
    assertThat(readEverySplit(RedisRespReaderTest::server, s))
        .containsExactly("* 40 [*2, %2, $]", "+ 8 [+after]");
  }

  @Test
  void commandsArePipelinedAndSplitAnywhere() {
    String s = "*3\r\n$3\r\nSET\r\n$3\r\nk:1\r\n$5\r\nva\r\nl\r\n*1\r\n$4\r\nPING\r\nPING\r\nset  k  v\n";
    assertThat(readEverySplit(RedisRespReaderTest::client, s)).containsExactly(
        "* 33 [$SET, $k:1, $va\r\nl]", "* 14 [$PING]", "i 6 [iPING]", "i 10 [iset, ik, iv]");
  }

  @Test
  void blankInlineLinesAreNotCommands() {
    assertThat(read(client(), b("\r\n\r\nPING\r\n\n"))).containsExactly("i 6 [iPING]");
    assertThat(read(client(), b("   \r\n"))).containsExactly("i 5 []");
  }

  @Test
  void capturesStopAtTheCapsButSizesAreExact() {
    RespReader r = new RespReader(true, 0, 8, 2);
    assertThat(read(r, b("*3\r\n$3\r\nSET\r\n$4\r\nkey1\r\n$6\r\nvalue1\r\n"))).containsExactly("* 35 [$SET, $key1]");
    RespReader s = new RespReader(false, 6, 4, 4);
    List<String> out = read(s, b("$10\r\n0123456789\r\n"));
    assertThat(out).containsExactly("$ 17 [$0123]");
  }

  @Test
  void rawEncodingIsKeptUpToItsCap() {
    RespReader r = new RespReader(false, 6, 64, 4);
    int p = r.read(b("$10\r\n0123456789\r\n+OK\r\n"), 0, 22, 1);
    assertThat(r.complete()).isTrue();
    assertThat(p).isEqualTo(17);
    assertThat(new String(r.raw(), 0, r.rawLen(), StandardCharsets.ISO_8859_1)).isEqualTo("$10\r\n0");
    assertThat(r.startTs()).isEqualTo(1);
  }

  @Test
  void malformedInputStopsTheReaderWithAReason() {
    assertThat(read(server(), b("+OK\r\n?x\r\n"))).containsExactly("+ 5 [+OK]", "FAIL: bad RESP type byte 0x3f");
    assertThat(read(server(), b("$abc\r\n"))).containsExactly("FAIL: bad length in RESP header");
    assertThat(read(server(), b("$-2\r\n"))).containsExactly("FAIL: negative length in RESP header");
    assertThat(read(server(), b("$2\r\nabcd\r\n"))).containsExactly("FAIL: bulk string not followed by CRLF");
    assertThat(read(server(), b("+OK\n"))).containsExactly("FAIL: RESP line not ended by CRLF");
    assertThat(read(server(), b("+O\rK\r\n"))).containsExactly("FAIL: CR inside a RESP line");
    assertThat(read(server(), b("$?\r\n;4\r\nHell\r\n;0\r\n"))).containsExactly("FAIL: bad length in RESP header");
    assertThat(read(server(), b("$999999999999\r\n"))).containsExactly("FAIL: bulk string too long");
    assertThat(read(server(), b("$9999999999999999999999\r\n"))).containsExactly("FAIL: bad length in RESP header");
    assertThat(read(server(), b("*1\r\n".repeat(40) + ":1\r\n"))).containsExactly("FAIL: RESP nesting too deep");
    assertThat(read(client(), b("X".repeat(70_000)))).containsExactly("FAIL: inline command too long");
  }

  @Test
  void aHoleInsideABulkPayloadKeepsTheFraming() {
    RespReader r = server();
    byte[] a = b("$10\r\n012");
    int p = r.read(a, 0, a.length, 1);
    assertThat(p).isEqualTo(a.length);
    assertThat(r.bulkRemaining()).isEqualTo(7);
    r.skipBulk(4);
    byte[] c = b("789\r\n");
    r.read(c, 0, c.length, 2);
    assertThat(r.complete()).isTrue();
    assertThat(r.bytes()).isEqualTo(17);
  }
}
