package io.wirelake.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {

  private static final int MICROS = 0xa1b2c3d4;
  private static final int NANOS = 0xa1b23c4d;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
  void readsMicrosecondPcapInEitherByteOrder(String orderName) throws IOException {
    ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] file = new CaptureFiles(order).pcapHeader(MICROS, 1)
        .pcapRecord(1_700_000_000L, 123_456, new byte[] {1, 2, 3, 4}, 100)
        .pcapRecord(1_700_000_001L, 999_999, new byte[] {5}, 1)
        .toByteArray();

    List<CapturedFrame> frames = readAll(write("a.pcap", file));

    assertThat(frames).hasSize(2);
    CapturedFrame first = frames.get(0);
    assertThat(first.tsMicros()).isEqualTo(1_700_000_000_123_456L);
    assertThat(first.linkType()).isEqualTo(1);
    assertThat(first.iface()).isEqualTo("a.pcap");
    assertThat(first.data()).containsExactly(1, 2, 3, 4);
    assertThat(first.origLen()).isEqualTo(100);
    assertThat(frames.get(1).tsMicros()).isEqualTo(1_700_000_001_999_999L);
    assertThat(frames.get(1).data()).containsExactly(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
  void roundsNanosecondTimestampsHalfUp(String orderName) throws IOException {
    ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] file = new CaptureFiles(order).pcapHeader(NANOS, 101)
        .pcapRecord(1_700_000_000L, 123_456_499, new byte[] {1}, 1)
        .pcapRecord(1_700_000_000L, 123_456_500, new byte[] {2}, 1)
        .pcapRecord(1_700_000_000L, 999_999_500, new byte[] {3}, 1)
        .toByteArray();

    List<CapturedFrame> frames = readAll(write("ns.pcap", file));

    assertThat(frames).extracting(CapturedFrame::tsMicros).containsExactly(
        1_700_000_000_123_456L, 1_700_000_000_123_457L, 1_700_000_001_000_000L);
    assertThat(frames).extracting(CapturedFrame::linkType).containsOnly(101);
  }

  @Test
  void readsALargeFileAcrossBufferRefills() throws IOException {
    CaptureFiles pcap = new CaptureFiles(ByteOrder.LITTLE_ENDIAN).pcapHeader(MICROS, 1);
    byte[] big = new byte[200_000];
    for (int i = 0; i < 30; i++) {
      Arrays.fill(big, (byte) i);
      pcap.pcapRecord(1_000 + i, 0, big, big.length);
    }

    List<CapturedFrame> frames = readAll(write("big.pcap", pcap.toByteArray()));

    assertThat(frames).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(frames.get(i).tsMicros()).isEqualTo((1_000L + i) * 1_000_000L);
      assertThat(frames.get(i).data()).hasSize(200_000).containsOnly(i);
    }
  }

  @Test
  void skipsTruncatedLastRecordAndCountsIt() throws IOException {
    byte[] whole = new CaptureFiles(ByteOrder.LITTLE_ENDIAN).pcapHeader(MICROS, 1)
        .pcapRecord(1, 0, new byte[] {1, 2}, 2)
        .pcapRecord(2, 0, new byte[10], 10)
        .toByteArray();
    Path file = write("cut.pcap", Arrays.copyOf(whole, whole.length - 5));

    try (CaptureReader reader = CaptureReader.open(file)) {
      assertThat(reader.next().data()).containsExactly(1, 2);
      assertThat(reader.next()).isNull();
      assertThat(reader.next()).isNull();
      CaptureStats stats = reader.stats();
      assertThat(stats.framesRead()).isEqualTo(1);
      assertThat(stats.recordsSkipped()).isEqualTo(1);
      assertThat(stats.skipReason()).contains("truncated record");
    }
  }

  @Test
  void countsTruncatedRecordHeader() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.BIG_ENDIAN).pcapHeader(MICROS, 1)
        .pcapRecord(1, 0, new byte[] {9}, 1)
        .u32(2).u32(0)
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("hdr.pcap", file))) {
      assertThat(reader.next()).isNotNull();
      assertThat(reader.next()).isNull();
      assertThat(reader.stats()).isEqualTo(
          new CaptureStats(1, 1, "truncated record header at offset 41"));
    }
  }

  @Test
  void stopsAtImpossibleCaptureLength() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN).pcapHeader(MICROS, 1)
        .pcapRecord(1, 0, new byte[] {7}, 1)
        .u32(2).u32(0).u32(300_000).u32(300_000).raw(new byte[64])
        .toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("bad.pcap", file))) {
      assertThat(reader.next()).isNotNull();
      assertThat(reader.next()).isNull();
      assertThat(reader.stats().recordsSkipped()).isEqualTo(1);
      assertThat(reader.stats().skipReason()).contains("300000 exceeds 262144");
    }
  }

  @Test
  void readsHeaderOnlyFileAsEmpty() throws IOException {
    byte[] file = new CaptureFiles(ByteOrder.LITTLE_ENDIAN).pcapHeader(MICROS, 1).toByteArray();

    try (CaptureReader reader = CaptureReader.open(write("empty.pcap", file))) {
      assertThat(reader.next()).isNull();
      assertThat(reader.stats()).isEqualTo(new CaptureStats(0, 0, null));
    }
  }

  @Test
  void rejectsUnknownMagic() throws IOException {
    Path text = write("notes.txt", "hello world, not a capture".getBytes());
    Path tiny = write("tiny.pcap", new byte[] {1, 2});

    assertThatThrownBy(() -> CaptureReader.open(text))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(text + " is not a pcap or pcapng file");
    assertThatThrownBy(() -> CaptureReader.open(tiny))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(tiny + " is not a pcap or pcapng file");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static List<CapturedFrame> readAll(Path file) throws IOException {
    List<CapturedFrame> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.open(file)) {
      for (CapturedFrame f = reader.next(); f != null; f = reader.next()) {
        frames.add(f);
      }
      assertThat(reader.stats().recordsSkipped()).isZero();
      assertThat(reader.stats().framesRead()).isEqualTo(frames.size());
    }
    return frames;
  }
}
