package io.wirelake.flink.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Recognizer;
import io.wirelake.flink.l7.L7Registry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Redis is recognised by the client's first bytes, without claiming HTTP, HTTP/2 or memcached. */
class RedisRecognizerTest {
  static final RedisRecognizer R = new RedisRecognizer();

  static int c2s(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return R.recognize(L7Dissector.C2S, b, 0, b.length);
  }

  static String registry(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    L7Recognizer r = L7Registry.find(L7Dissector.C2S, b, 0, b.length);
    return r == null ? null : r.protocol();
  }

  @Test
  void respArraysOfBulkStringsMatch() {
    assertThat(c2s("*1\r\n$4\r\nPING\r\n")).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s("*3\r\n$3\r\nSET\r\n")).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s("*12\r\n$11\r\n")).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s("*3\r\n$")).isEqualTo(L7Recognizer.NEED_MORE);
    assertThat(c2s("*")).isEqualTo(L7Recognizer.NEED_MORE);
    assertThat(c2s("*3\r\n:1\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("*x")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("*3\n$3\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
  }

  @Test
  void inlineCommandWordsMatch() {
    assertThat(c2s("PING\r\n")).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s("ping\n")).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s("SET k v\r\n")).isEqualTo(L7Recognizer.MATCH);
    assertThat(c2s("PIN")).isEqualTo(L7Recognizer.NEED_MORE);
    assertThat(c2s("PINGX\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
  }

  @Test
  void otherProtocolsAreNotClaimed() {
    assertThat(c2s("GET / HTTP/1.1\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("MOVE /a HTTP/1.1\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("set foo 0 0 3\r\nbar\r\n")).isEqualTo(L7Recognizer.NO_MATCH); // memcached
    assertThat(c2s("incr counter 1\r\n")).isEqualTo(L7Recognizer.NO_MATCH);
    assertThat(c2s("\u0000\u0000\u0000\u0008\u0004\u00d2\u0016\u002f")).isEqualTo(L7Recognizer.NO_MATCH); // pg SSLRequest
    byte[] reply = "+OK\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(R.recognize(L7Dissector.S2C, reply, 0, reply.length)).isEqualTo(L7Recognizer.NO_MATCH);
  }

  @Test
  void theRegistryGivesEachProtocolItsOwnTraffic() {
    assertThat(registry("*1\r\n$4\r\nPING\r\n")).isEqualTo("redis");
    assertThat(registry("PING\r\n")).isEqualTo("redis");
    assertThat(registry("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo("http/1.1");
    assertThat(registry("POST /x HTTP/1.1\r\n")).isEqualTo("http/1.1");
  }
}
