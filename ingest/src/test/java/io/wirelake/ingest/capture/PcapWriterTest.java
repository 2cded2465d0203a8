package io.wirelake.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {

  @TempDir Path dir;

  @Test
  void writesLittleEndianMicrosecondHeaderAndRecords() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter writer = new PcapWriter(out, 101)) {
      writer.write(new CapturedFrame(1_700_000_000_123_456L, 101, "x", new byte[] {0x45, 0}, 60));
    }

    assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(
        "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "65000000"
            + "00f15365" + "40e20100" + "02000000" + "3c000000" + "4500");
  }

  @Test
  void roundTripsThroughCaptureReader() throws IOException {
    List<CapturedFrame> frames = List.of(
        new CapturedFrame(0L, 1, "eth0", new byte[] {1}, 1),
        new CapturedFrame(1_795_644_307_007_050L, 1, "eth0", new byte[1514], 1514),
        new CapturedFrame(1_795_644_307_999_999L, 1, "eth0", new byte[] {2, 3}, 9000));
    Path file = dir.resolve("out.pcap");
    try (PcapWriter writer = PcapWriter.create(file)) {
      for (CapturedFrame frame : frames) {
        writer.write(frame);
      }
    }

    List<CapturedFrame> read = PcapReaderTest.readAll(file);

    assertThat(Files.size(file)).isEqualTo(24 + 3 * 16 + 1 + 1514 + 2);
    assertThat(read).usingRecursiveFieldByFieldElementComparatorIgnoringFields("iface")
        .containsExactlyElementsOf(frames);
  }

  @Test
  void rejectsFrameOfAnotherLinkType() throws IOException {
    try (PcapWriter writer = new PcapWriter(new ByteArrayOutputStream(), 1)) {
      assertThatThrownBy(() -> writer.write(new CapturedFrame(0, 113, "any", new byte[1], 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("link type 113");
    }
  }
}
