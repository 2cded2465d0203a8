package io.wirelake.flink.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HPACK decoder against RFC 7541 appendix C: integer representation (C.1), the four field representations
 * (C.2), three requests on one connection without and with Huffman coding (C.3, C.4), three responses with a
 * 256-octet table that evicts (C.5, C.6); the dynamic table's entries and size are checked after every block.
 */
class Http2HpackTest {
  static final String DATE1 = "Mon, 21 Oct 2013 20:13:21 GMT";
  static final String DATE2 = "Mon, 21 Oct 2013 20:13:22 GMT";
  static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

  static byte[] hex(String s) {
    String h = s.replace(" ", "");
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static List<String> decode(HpackDecoder d, String block) {
    HeaderList out = new HeaderList(1 << 20);
    byte[] b = hex(block);
    String err = d.decode(b, 0, b.length, out);
    assertThat(err).as(block).isNull();
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      fields.add(out.name(i) + ": " + out.value(i));
    }
    return fields;
  }

  static List<String> table(HpackDecoder d) {
    List<String> t = new ArrayList<>();
    HpackDynamicTable dt = d.table();
    for (int i = 1; i <= dt.count(); i++) {
      t.add(dt.name(i) + ": " + dt.value(i));
    }
    return t;
  }

  static HpackDecoder decoder(int tableSize) {
    HpackDecoder d = new HpackDecoder(Http2Dissector.HPACK_TABLE_LIMIT);
    d.table().setMaxSize(tableSize); // SETTINGS_HEADER_TABLE_SIZE of the examples
    return d;
  }

  @Test
  void huffmanCodesAreTheRfcsCanonicalCode() {
    assertThat(Huffman.CODES[0]).isEqualTo(0x1ff8);
    assertThat(Huffman.CODE_LENGTHS[0]).isEqualTo(13);
    assertThat(Huffman.CODES['0']).isEqualTo(0x0);
    assertThat(Huffman.CODES['a']).isEqualTo(0x3);
    assertThat(Huffman.CODES[' ']).isEqualTo(0x14);
    assertThat(Huffman.CODES['\\']).isEqualTo(0x7fff0);
    assertThat(Huffman.CODE_LENGTHS['\\']).isEqualTo(19);
    assertThat(Huffman.CODES[255]).isEqualTo(0x3ffffee);
    assertThat(Huffman.CODES[Huffman.EOS]).isEqualTo(0x3fffffff);
    assertThat(Huffman.CODE_LENGTHS[Huffman.EOS]).isEqualTo(30);
  }

  @Test
  void huffmanRejectsEosAndBadPadding() {
    byte[] out = new byte[64];
    // "www.example.com" (C.4.1)
    byte[] ok = hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff");
    assertThat(new String(out, 0, Huffman.decode(ok, 0, ok.length, out), java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("www.example.com");
    // 30 one-bits: EOS
    byte[] eos = hex("ffff fffc");
    assertThat(Huffman.decode(eos, 0, eos.length, out)).isEqualTo(-1);
    // 'a' (00011) padded with 0 bits instead of ones
    byte[] zeroPad = hex("18");
    assertThat(Huffman.decode(zeroPad, 0, zeroPad.length, out)).isEqualTo(-1);
    // 'a' (00011) + 111 is fine; a whole extra octet of ones is padding longer than 7 bits
    assertThat(Huffman.decode(hex("1f"), 0, 1, out)).isEqualTo(1);
    assertThat(Huffman.decode(hex("1fff"), 0, 2, out)).isEqualTo(-1);
  }

  @Test
  void everyOctetRoundTripsThroughTheCode() {
    // encode all 256 octets with the derived codes and decode them back
    long acc = 0;
    int bits = 0;
    java.io.ByteArrayOutputStream enc = new java.io.ByteArrayOutputStream();
    for (int s = 0; s < 256; s++) {
      for (int b = Huffman.CODE_LENGTHS[s] - 1; b >= 0; b--) {
        acc = (acc << 1) | ((Huffman.CODES[s] >>> b) & 1);
        if (++bits == 8) {
          enc.write((int) acc & 0xff);
          acc = 0;
          bits = 0;
        }
      }
    }
    if (bits > 0) {
      enc.write((int) ((acc << (8 - bits)) | ((1 << (8 - bits)) - 1)) & 0xff);
    }
    byte[] e = enc.toByteArray();
    byte[] out = new byte[Huffman.maxDecodedLength(e.length)];
    assertThat(Huffman.decode(e, 0, e.length, out)).isEqualTo(256);
    for (int s = 0; s < 256; s++) {
      assertThat(out[s] & 0xff).isEqualTo(s);
    }
  }

  @Test
  void c1IntegerWithFiveBitPrefixIsATableSizeUpdate() {
    HpackDecoder d = decoder(4096);
    // 001 11111 | 10011010 | 00001010: size update to 1337 (C.1.2)
    assertThat(decode(d, "3f9a 0a")).isEmpty();
    assertThat(d.table().maxSize()).isEqualTo(1337);
  }

  @Test
  void c2TheFourRepresentations() {
    HpackDecoder d = decoder(4096);
    assertThat(decode(d, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"))
        .containsExactly("custom-key: custom-header");
    assertThat(table(d)).containsExactly("custom-key: custom-header");
    assertThat(d.table().size()).isEqualTo(55);
    d = decoder(4096);
    assertThat(decode(d, "040c 2f73 616d 706c 652f 7061 7468")).containsExactly(":path: /sample/path");
    assertThat(decode(d, "1008 7061 7373 776f 7264 0673 6563 7265 74")).containsExactly("password: secret");
    assertThat(decode(d, "82")).containsExactly(":method: GET");
    assertThat(table(d)).isEmpty();
  }

  static void requests(String one, String two, String three) {
    HpackDecoder d = decoder(4096);
    assertThat(decode(d, one)).containsExactly(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com");
    assertThat(table(d)).containsExactly(":authority: www.example.com");
    assertThat(d.table().size()).isEqualTo(57);
    assertThat(decode(d, two)).containsExactly(":method: GET", ":scheme: http", ":path: /",
        ":authority: www.example.com", "cache-control: no-cache");
    assertThat(table(d)).containsExactly("cache-control: no-cache", ":authority: www.example.com");
    assertThat(d.table().size()).isEqualTo(110);
    assertThat(decode(d, three)).containsExactly(":method: GET", ":scheme: https", ":path: /index.html",
        ":authority: www.example.com", "custom-key: custom-value");
    assertThat(table(d)).containsExactly("custom-key: custom-value", "cache-control: no-cache",
        ":authority: www.example.com");
    assertThat(d.table().size()).isEqualTo(164);
  }

  @Test
  void c3RequestsWithoutHuffman() {
    requests("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "8286 84be 5808 6e6f 2d63 6163 6865",
        "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
  }

  @Test
  void c4RequestsWithHuffman() {
    requests("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
        "8286 84be 5886 a8eb 1064 9cbf",
        "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
  }

  static void responses(String one, String two, String three) {
    HpackDecoder d = decoder(256);
    assertThat(decode(d, one)).containsExactly(":status: 302", "cache-control: private", "date: " + DATE1,
        "location: https://www.example.com");
    assertThat(table(d)).containsExactly("location: https://www.example.com", "date: " + DATE1,
        "cache-control: private", ":status: 302");
    assertThat(d.table().size()).isEqualTo(222);
    // ":status: 302" is evicted to make room for ":status: 307"
    assertThat(decode(d, two)).containsExactly(":status: 307", "cache-control: private", "date: " + DATE1,
        "location: https://www.example.com");
    assertThat(table(d)).containsExactly(":status: 307", "location: https://www.example.com", "date: " + DATE1,
        "cache-control: private");
    assertThat(d.table().size()).isEqualTo(222);
    assertThat(decode(d, three)).containsExactly(":status: 200", "cache-control: private", "date: " + DATE2,
        "location: https://www.example.com", "content-encoding: gzip", "set-cookie: " + COOKIE);
    assertThat(table(d)).containsExactly("set-cookie: " + COOKIE, "content-encoding: gzip", "date: " + DATE2);
    assertThat(d.table().size()).isEqualTo(215);
  }

  @Test
  void c5ResponsesWithoutHuffmanEvict() {
    responses("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
            + "3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "4803 3330 37c1 c0bf",
        "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"
            + "7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61"
            + "6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
  }

  @Test
  void c6ResponsesWithHuffmanEvict() {
    responses("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
            + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
        "4883 640e ffc1 c0bf",
        "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
            + "e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07");
  }

  @Test
  void malformedBlocksReturnAnErrorInsteadOfThrowing() {
    HeaderList out = new HeaderList(1 << 16);
    for (String block : new String[] {
        "80", // index 0
        "be", // index 62 with an empty dynamic table
        "3fe1 ff0f", // size update far above the limit
        "400a 6375", // name literal longer than the block
        "41", // literal with indexed name and no value
        "82 20", // size update after a field
        "ff ff ff ff ff 0f", // integer overflow
        "0085 ffff ffff ff"}) { // Huffman string holding EOS
      HpackDecoder d = decoder(4096);
      byte[] b = hex(block);
      assertThat(d.decode(b, 0, b.length, out)).as(block).isNotNull();
    }
  }

  @Test
  void headerListBeyondItsLimitIsFlaggedButTheTableStaysInSync() {
    HpackDecoder d = decoder(4096);
    HeaderList small = new HeaderList(40); // room for ":method: GET" (42 > 40: not even that)
    byte[] b = hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d");
    assertThat(d.decode(b, 0, b.length, small)).isNull();
    assertThat(small.overflow()).isTrue();
    assertThat(table(d)).containsExactly(":authority: www.example.com");
  }
}
