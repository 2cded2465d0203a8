package io.wirelake.flink.postgres;

import static io.wirelake.flink.l7.L7Recognizer.MATCH;
import static io.wirelake.flink.l7.L7Recognizer.NEED_MORE;
import static io.wirelake.flink.l7.L7Recognizer.NO_MATCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.wirelake.flink.l7.L7Dissector;
import io.wirelake.flink.l7.L7Registry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PostgresRecognizerTest {
  static final PostgresRecognizer R = new PostgresRecognizer();

  static int c2s(byte[] b) {
    return R.recognize(L7Dissector.C2S, b, 0, b.length);
  }

  @Test
  void startupSslGssencAndCancelMatch() {
    assertThat(c2s(Wire.of().startup("user", "postgres", "database", "db").bytes())).isEqualTo(MATCH);
    assertThat(c2s(Wire.of().sslRequest().bytes())).isEqualTo(MATCH);
    assertThat(c2s(Wire.of().gssencRequest().bytes())).isEqualTo(MATCH);
    assertThat(c2s(Wire.of().cancel(1, 2).bytes())).isEqualTo(MATCH);
  }

  @Test
  void shortPrefixesWaitOtherProtocolsDoNotMatch() {
    byte[] ssl = Wire.of().sslRequest().bytes();
    for (int n = 1; n < 8; n++) {
      assertThat(R.recognize(L7Dissector.C2S, ssl, 0, n)).isEqualTo(NEED_MORE);
    }
    assertThat(c2s("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(NO_MATCH);
    assertThat(c2s("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(NO_MATCH);
    assertThat(c2s(Wire.of().untyped(12345).bytes())).isEqualTo(NO_MATCH); // unknown code
    assertThat(c2s(Wire.of().untyped(80877103, new byte[4]).bytes())).isEqualTo(NO_MATCH); // SSLRequest is 8 bytes
    assertThat(R.recognize(L7Dissector.S2C, ssl, 0, ssl.length)).isEqualTo(NO_MATCH);
  }

  @Test
  void registryFindsPostgres() {
    byte[] b = Wire.of().startup("user", "u").bytes();
    assertThat(L7Registry.find(L7Dissector.C2S, b, 0, b.length)).isInstanceOf(PostgresRecognizer.class);
  }
}
