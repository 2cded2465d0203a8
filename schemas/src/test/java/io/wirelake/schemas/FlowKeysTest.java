package io.wirelake.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowKeysTest {
  private static byte[] v4(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  @Test
  void bothDirectionsShareOneKey() {
    byte[] client = v4(10, 0, 0, 2);
    byte[] server = v4(10, 0, 0, 1);
    String forward = FlowKeys.canonical(6, client, 51000, server, 443);
    String reverse = FlowKeys.canonical(6, server, 443, client, 51000);
    assertThat(forward).isEqualTo(reverse).isEqualTo("6|10.0.0.1:443|10.0.0.2:51000");
  }

  @Test
  void comparesAddressBytesUnsigned() {
    assertThat(FlowKeys.canonical(17, v4(200, 0, 0, 1), 53, v4(10, 0, 0, 1), 53))
        .isEqualTo("17|10.0.0.1:53|200.0.0.1:53");
  }

  @Test
  void formatsIpv6InRfc5952Form() {
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    assertThat(IpAddresses.format(loopback)).isEqualTo("::1");
    byte[] doc = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
    assertThat(IpAddresses.format(doc)).isEqualTo("2001:db8::1:0:0:1");
    byte[] trailing = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(IpAddresses.format(trailing)).isEqualTo("fe80::");
    assertThat(FlowKeys.canonical(6, loopback, 80, loopback, 5000)).isEqualTo("6|[::1]:80|[::1]:5000");
  }
}
