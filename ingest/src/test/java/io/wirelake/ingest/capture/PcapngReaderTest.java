package io.wirelake.ingest.capture;

import static io.wirelake.ingest.capture.PcapReaderTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngReaderTest {

  private static final byte[] A = {0x0a, 0x0b, 0x0c};
  private static final byte[] B = {1, 2, 3, 4, 5, 6};

  @TempDir Path dir;

  @Test
  void readsTwoInterfacesWithDifferentResolutionsAndOffsets() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .shb()
        .idb(1, 65535, "eth0", -1, 0)                          // default: microseconds
        .idb(113, 262144, "any", 9, 1000)                      // nanoseconds, +1000 s
        .epb(0, 1_700_000_000_123_456L, A, 60)
        .epb(1, 1_700_000_000_123_456_789L, B, 6)
        .block(0x0bad, new byte[] {1, 2, 3, 4, 5})             // unknown: skipped silently
        .spb(6, B)                                             // no timestamp of its own
        .obsoletePacketBlock(1, 1_700_000_002_000_000_499L, A, 3)
        .toByteArray();

    List<CapturedFrame> frames = readAll(write("two.pcapng", file));

    assertThat(frames).hasSize(4);
    assertThat(frames.get(0)).usingRecursiveComparison()
        .isEqualTo(new CapturedFrame(1_700_000_000_123_456L, 1, "eth0", A, 60));
    assertThat(frames.get(1)).usingRecursiveComparison()
        .isEqualTo(new CapturedFrame(1_700_001_000_123_457L, 113, "any", B, 6));
    assertThat(frames.get(2)).usingRecursiveComparison()
        .isEqualTo(new CapturedFrame(1_700_001_000_123_457L, 1, "eth0", B, 6));
    assertThat(frames.get(3)).usingRecursiveComparison()
        .isEqualTo(new CapturedFrame(1_700_001_002_000_000L, 113, "any", A, 3));
  }

  @Test
  void readsSectionsOfBothByteOrdersWithPowerOfTwoAndMillisecondResolutions() throws IOException {
    long halfSecond = 1L << 19;
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .shb()
        .idb(1, 0, "eth0", 6, 0)
        .epb(0, 5_000_000L, A, 3)
        .order(ByteOrder.BIG_ENDIAN)
        .shb()
        .idb(101, 0, "wlan0", 0x80 | 20, 0)                    // 2^-20 s
        .idb(1, 0, null, 3, -10)                               // ms, -10 s, unnamed
        .epb(0, (1_700_000_000L << 20) + halfSecond, B, 6)
        .epb(0, (1_700_000_000L << 20) + 1, A, 3)              // 0.95 us rounds to 1
        .epb(1, 1_700_000_000_123L, A, 3)
        .toByteArray();

    List<CapturedFrame> frames = readAll(write("sections.pcapng", file));

    assertThat(frames).extracting(CapturedFrame::tsMicros).containsExactly(
        5_000_000L, 1_700_000_000_500_000L, 1_700_000_000_000_001L, 1_699_999_990_123_000L);
    assertThat(frames).extracting(CapturedFrame::iface)
        .containsExactly("eth0", "wlan0", "wlan0", "if1");
    assertThat(frames).extracting(CapturedFrame::linkType).containsExactly(1, 101, 101, 1);
  }

  @Test
  void forgetsInterfacesOfAnEarlierSection() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .shb().idb(1, 0, "a", -1, 0).idb(1, 0, "b", -1, 0)
        .shb().idb(1, 0, "c", -1, 0)
        .epb(1, 1, A, 3)                                       // interface 1 is gone
        .epb(0, 2, B, 6)
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("s.pcapng", file))) {
      CapturedFrame frame = reader.next();
      assertThat(frame.iface()).isEqualTo("c");
      assertThat(frame.data()).isEqualTo(B);
      assertThat(reader.next()).isNull();
      assertThat(reader.stats().framesRead()).isEqualTo(1);
      assertThat(reader.stats().recordsSkipped()).isEqualTo(1);
      assertThat(reader.stats().skipReason()).contains("undeclared interface 1");
    }
  }

  @Test
  void skipsPacketWhoseCaptureLengthExceedsItsBlockAndGoesOn() throws IOException {
    CaptureFiles bad = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .u32(6).u32(32 + 4).u32(0).u32(0).u32(1).u32(100).u32(100).u32(0).u32(32 + 4);
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .shb().idb(1, 0, "eth0", -1, 0)
        .raw(bad.toByteArray())
        .epb(0, 7, A, 3)
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("caplen.pcapng", file))) {
      assertThat(reader.next().tsMicros()).isEqualTo(7);
      assertThat(reader.next()).isNull();
      assertThat(reader.stats().recordsSkipped()).isEqualTo(1);
      assertThat(reader.stats().skipReason()).contains("captured length 100");
    }
  }

  @Test
  void skipsTruncatedLastBlockAndCountsIt() throws IOException {
    byte[] whole = new CaptureFiles(ByteOrder.BIG_ENDIAN)
        .shb().idb(1, 0, "eth0", -1, 0).epb(0, 1, A, 3).epb(0, 2, B, 6)
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("cut.pcapng",
        Arrays.copyOf(whole, whole.length - 3)))) {
      assertThat(reader.next().data()).isEqualTo(A);
      assertThat(reader.next()).isNull();
      assertThat(reader.stats().framesRead()).isEqualTo(1);
      assertThat(reader.stats().recordsSkipped()).isEqualTo(1);
      assertThat(reader.stats().skipReason()).contains("truncated block");
    }
  }

  @Test
  void endsAtBlockLengthThatIsNotAMultipleOfFour() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .shb().idb(1, 0, "eth0", -1, 0).epb(0, 1, A, 3)
        .u32(6).u32(30).raw(new byte[22])
        .epb(0, 2, B, 6)
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("odd.pcapng", file))) {
      assertThat(reader.next()).isNotNull();
      assertThat(reader.next()).isNull();
      assertThat(reader.stats().recordsSkipped()).isEqualTo(1);
      assertThat(reader.stats().skipReason()).contains("block length 30");
    }
  }

  @Test
  void endsAtMismatchedTrailingLength() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN)
        .shb().idb(1, 0, "eth0", -1, 0)
        .u32(0x0bad).u32(16).u32(0).u32(20)
        .epb(0, 2, B, 6)
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("trail.pcapng", file))) {
      assertThat(reader.next()).isNull();
      assertThat(reader.stats()).isEqualTo(new CaptureStats(0, 1,
          "trailing block length differs from leading length 16 at offset 60"));
    }
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }
}
