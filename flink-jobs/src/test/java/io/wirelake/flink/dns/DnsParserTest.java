package io.wirelake.flink.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DnsParserTest {
  static DnsMessage parse(byte[] b) {
    return DnsParser.parse(b, 0, b.length);
  }

  @Test
  void readsHeaderQuestionAndCompressedAnswers() {
    // question www.Example.COM at 12; answer 1: CNAME to "web" + pointer to "example.com" (offset 16); answer 2: A
    DnsWire w = DnsWire.response(0xbeef, "www.Example.COM", DnsCodes.TYPE_A, 0, 2);
    byte[] cname = new DnsWire().u8(3).raw("web".getBytes()).pointer(16).bytes();
    w.record(DnsCodes.TYPE_CNAME, cname);
    int cnameData = w.size() - cname.length;
    w.pointer(cnameData).u16(DnsCodes.TYPE_A).u16(1).u32(60).u16(4).raw(new byte[] {10, 0, 0, 7});
    DnsMessage m = parse(w.bytes());
    assertThat(m.error).isNull();
    assertThat(m.id).isEqualTo(0xbeef);
    assertThat(m.isResponse()).isTrue();
    assertThat(m.qname).isEqualTo("www.example.com");
    assertThat(m.qtype).isEqualTo(1);
    assertThat(m.qclass).isEqualTo(1);
    assertThat(m.ancount).isEqualTo(2);
    assertThat(m.answersParsed).isEqualTo(2);
    assertThat(m.answers).isEqualTo("CNAME web.example.com, A 10.0.0.7");
    assertThat(m.flagText()).isEqualTo("qr rd ra");
  }

  @Test
  void summarisesAaaaTxtSrvMxSoaAndUnknownTypes() {
    DnsWire w = DnsWire.response(1, "x.test", 255, 0, 6);
    byte[] v6 = new byte[16];
    v6[0] = (byte) 0xfd;
    v6[1] = 0x77;
    v6[15] = 0x21;
    w.record(DnsCodes.TYPE_AAAA, v6);
    w.record(DnsCodes.TYPE_TXT, new DnsWire().u8(5).raw("a \"b\"".getBytes()).u8(2).raw(new byte[] {'c', 7}).bytes());
    w.record(DnsCodes.TYPE_SRV, new DnsWire().u16(5).u16(50).u16(22).pointer(12).bytes());
    w.record(DnsCodes.TYPE_MX, new DnsWire().u16(10).name("mail.x.test").bytes());
    w.record(DnsCodes.TYPE_SOA, new DnsWire().name("ns.x.test").name("admin.x.test").u32(2024).u32(1).u32(2).u32(3).u32(4).bytes());
    w.record(65534, new byte[] {1, 2, 3});
    DnsMessage m = parse(w.bytes());
    assertThat(m.error).isNull();
    assertThat(m.answers).isEqualTo("AAAA fd77::21, TXT \"a \\\"b\\\"\" \"c\\007\", SRV 5 50 22 x.test, MX 10 mail.x.test, "
        + "SOA ns.x.test admin.x.test 2024, TYPE65534 (3 bytes)");
    assertThat(DnsCodes.typeName(m.qtype)).isEqualTo("ANY");
  }

  @Test
  void ednsOptExtendsTheResponseCodeAndIsNotAnAnswer() {
    byte[] b = DnsWire.header(9, DnsMessage.QR | 0x0, 1, 0, 0, 1).name("a.test").u16(1).u16(1)
        .u8(0).u16(DnsCodes.TYPE_OPT).u16(1232).u32(0x01000000L).u16(0).bytes();
    DnsMessage m = parse(b);
    assertThat(m.error).isNull();
    assertThat(m.rcode).isEqualTo(16);
    assertThat(DnsCodes.rcodeName(m.rcode)).isEqualTo("BADVERS");
    assertThat(m.answers).isEmpty();
  }

  @Test
  void escapesOddLabelBytesAndNamesTheRoot() {
    byte[] b = DnsWire.header(1, 0, 1, 0, 0, 0).u8(3).raw(new byte[] {'A', '.', 1}).u8(2).raw("Zz".getBytes()).u8(0)
        .u16(1).u16(1).bytes();
    assertThat(parse(b).qname).isEqualTo("a\\.\\001.zz");
    assertThat(parse(DnsWire.query(2, ".", 2)).qname).isEqualTo(".");
  }

  @Test
  @Timeout(5)
  void compressionLoopsAreErrorsNotHangs() {
    // a pointer to itself in the answer owner name
    DnsWire self = DnsWire.response(1, "a.test", 1, 0, 1);
    int at = self.size();
    byte[] b = self.pointer(at).u16(1).u16(1).u32(1).u16(4).raw(new byte[4]).bytes();
    assertThat(parse(b).error).isEqualTo("compression pointer loop");
    // two pointers pointing at each other
    DnsWire two = DnsWire.response(1, "a.test", 5, 0, 1);
    int first = two.size();
    two.pointer(first + 12).u16(5).u16(1).u32(1).u16(2).pointer(first);
    assertThat(parse(two.bytes()).error).isIn("compression pointer loop", "bad compression pointer");
    // a label followed by a pointer back to that label
    DnsWire lbl = DnsWire.response(1, "a.test", 5, 0, 1);
    int l = lbl.size();
    lbl.u8(1).u8('x').pointer(l).u16(5).u16(1).u32(1).u16(0);
    assertThat(parse(lbl.bytes()).error).isEqualTo("compression pointer loop");
    // a question name that points into the header
    byte[] intoHeader = DnsWire.header(1, 0, 1, 0, 0, 0).pointer(2).u16(1).u16(1).bytes();
    assertThat(parse(intoHeader).error).isEqualTo("bad compression pointer");
  }

  @Test
  void truncatedMessageKeepsWhatWasRead() {
    DnsWire w = DnsWire.response(77, "gw.lab.test", 1, 0, 1);
    w.record(1, new byte[] {10, 77, 1, 1});
    byte[] whole = w.bytes();
    DnsMessage m = DnsParser.parse(whole, 0, whole.length - 3);
    assertThat(m.error).isEqualTo("truncated message");
    assertThat(m.id).isEqualTo(77);
    assertThat(m.qname).isEqualTo("gw.lab.test");
    assertThat(m.ancount).isEqualTo(1);
    assertThat(m.answersParsed).isZero();
    assertThat(DnsParser.parse(whole, 0, 11)).isNull();
    DnsMessage q = DnsParser.parse(whole, 0, 16);
    assertThat(q.error).isEqualTo("truncated message");
    assertThat(q.qname).isNull();
  }

  @Test
  void rejectsOverlongNamesAndReservedLabelTypes() {
    DnsWire w = DnsWire.header(1, 0, 1, 0, 0, 0);
    for (int i = 0; i < 5; i++) {
      byte[] label = new byte[60];
      Arrays.fill(label, (byte) 'a');
      w.u8(60).raw(label);
    }
    assertThat(parse(w.u8(0).u16(1).u16(1).bytes()).error).isEqualTo("name too long");
    assertThat(parse(DnsWire.header(1, 0, 1, 0, 0, 0).u8(0x41).u8(0).u16(1).u16(1).bytes()).error).isEqualTo("bad label type");
  }

  @Test
  void routeTemplatesIdLikeLabels() {
    assertThat(DnsRows.route("7.1.77.10.in-addr.arpa")).isEqualTo("{id}.{id}.{id}.{id}.in-addr.arpa");
    assertThat(DnsRows.route("q17.lab.test")).isEqualTo("q17.lab.test");
    assertThat(DnsRows.route("5f3a9c2e1b.cdn.test")).isEqualTo("{id}.cdn.test");
    assertThat(DnsRows.route(".")).isEqualTo(".");
  }
}
