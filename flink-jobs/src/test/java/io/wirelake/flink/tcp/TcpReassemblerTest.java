package io.wirelake.flink.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpReassemblerTest {
  /** Records deliveries as "text@ts", gaps as "GAP(n)@ts", the end as "END@ts". */
  static final class Rec implements ReassemblySink {
    final List<String> events = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    @Override
    public void onData(int direction, byte[] buf, int off, int len, long ts) {
      String s = new String(buf, off, len, StandardCharsets.ISO_8859_1);
      events.add(s + "@" + ts);
      text.append(s);
    }

    @Override
    public void onGap(int direction, long bytes, long ts) {
      events.add("GAP(" + bytes + ")@" + ts);
    }

    @Override
    public void onEnd(int direction, long ts) {
      events.add("END@" + ts);
    }
  }

  /** Frame with 10 bytes of junk before the payload, so offsets are exercised. */
  static byte[] frame(String payload) {
    byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
    byte[] f = new byte[10 + p.length];
    System.arraycopy(p, 0, f, 10, p.length);
    return f;
  }

  static void seg(TcpReassembler r, long seq, String data, long ts, Rec rec) {
    r.onSegment(seq, false, frame(data), 10, data.length(), ts, rec);
  }

  @Test
  void reordersOutOfOrderSegments() {
    TcpReassembler r = new TcpReassembler(0);
    r.init(1000);
    Rec rec = new Rec();
    seg(r, 1000, "hello", 1, rec);
    seg(r, 1010, "world", 2, rec); // ahead of a hole
    seg(r, 1015, "!!", 3, rec); // further ahead
    assertThat(rec.text.toString()).isEqualTo("hello");
    assertThat(r.bufferedBytes()).isEqualTo(7);
    assertThat(r.bufferedSegments()).isEqualTo(2);
    seg(r, 1005, "-big-", 4, rec); // fills the hole
    assertThat(rec.text.toString()).isEqualTo("hello-big-world!!");
    // everything released by the filler carries the filler's time
    assertThat(rec.events).containsExactly("hello@1", "-big-@4", "world@4", "!!@4");
    assertThat(r.bufferedBytes()).isZero();
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(r.retransmissions()).isZero();
    assertThat(r.nextSeq32()).isEqualTo(1017);
  }

  @Test
  void dropsRetransmittedBytes() {
    TcpReassembler r = new TcpReassembler(0);
    r.init(0);
    Rec rec = new Rec();
    seg(r, 0, "abcdef", 1, rec);
    seg(r, 0, "abcdef", 2, rec); // full retransmission
    seg(r, 3, "DEFghi", 3, rec); // overlaps: only ghi is new, first copy of def wins
    seg(r, 20, "XYZ", 4, rec); // buffered
    seg(r, 20, "xyz", 5, rec); // retransmission of buffered bytes: dropped
    seg(r, 9, "jklmnopqrst12ABC45", 6, rec); // covers 9..27: XYZ at 20..23 stays (first copy wins)
    assertThat(rec.text.toString()).isEqualTo("abcdefghi" + "jklmnopqrst" + "XYZ" + "BC45");
    assertThat(rec.events).containsExactly("abcdef@1", "ghi@3", "jklmnopqrst@6", "XYZ@6", "BC45@6");
    assertThat(r.retransmissions()).isEqualTo(2);
    assertThat(r.bufferedBytes()).isZero();
    assertThat(r.deliveredBytes()).isEqualTo(rec.text.length());
  }

  @Test
  void handlesSequenceWraparound() {
    TcpReassembler r = new TcpReassembler(0);
    long isn = 0xFFFFFFFDL;
    r.init(isn);
    Rec rec = new Rec();
    seg(r, isn, "abcdef", 1, rec); // crosses 2^32: next seq is 3
    seg(r, 6, "jkl", 2, rec); // out of order after the wrap
    seg(r, 3, "ghi", 3, rec);
    seg(r, 0xFFFFFFFFL, "cde", 4, rec); // old bytes from before the wrap: a retransmission
    assertThat(rec.text.toString()).isEqualTo("abcdefghijkl");
    assertThat(r.nextSeq32()).isEqualTo(9);
    assertThat(r.retransmissions()).isEqualTo(1);
    assertThat(rec.events).containsExactly("abcdef@1", "ghi@3", "jkl@3");
  }

  @Test
  void skipsGapAfterTimeoutAndRecordsIt() {
    TcpReassembler r = new TcpReassembler(1);
    r.init(0);
    Rec rec = new Rec();
    seg(r, 0, "aaa", 100, rec);
    seg(r, 6, "ccc", 200, rec); // hole 3..6 seen at 200
    seg(r, 9, "ddd", 300, rec);
    long timeout = 1_000;
    assertThat(r.holeDeadline(timeout)).isEqualTo(1_200);
    r.onTimer(1_199, timeout, rec);
    assertThat(rec.text.toString()).isEqualTo("aaa");
    r.onTimer(1_200, timeout, rec);
    assertThat(rec.events).containsExactly("aaa@100", "GAP(3)@1200", "ccc@200", "ddd@300");
    assertThat(r.gapBytes()).isEqualTo(3);
    assertThat(r.gaps()).isEqualTo(1);
    assertThat(r.bufferedBytes()).isZero();
    assertThat(r.holeDeadline(timeout)).isEqualTo(Long.MAX_VALUE);
    seg(r, 3, "bbb", 1_300, rec); // the late filler is old news now
    assertThat(rec.text.toString()).isEqualTo("aaacccddd");
    assertThat(r.retransmissions()).isEqualTo(1);
  }

  @Test
  void finEndsTheStreamOnlyWhenReachedInOrder() {
    TcpReassembler r = new TcpReassembler(0);
    r.init(0);
    Rec rec = new Rec();
    seg(r, 0, "ab", 1, rec);
    r.onSegment(4, true, frame("ef"), 10, 2, 2, rec); // data + FIN after a hole
    assertThat(r.isEnded()).isFalse();
    assertThat(r.hasHole()).isTrue();
    seg(r, 2, "cd", 3, rec);
    assertThat(rec.events).containsExactly("ab@1", "cd@3", "ef@3", "END@3");
    assertThat(r.finAcked(7)).isTrue();
    assertThat(r.finAcked(6)).isFalse();
  }

  @Test
  void flushSkipsEveryHoleAtTheEnd() {
    TcpReassembler r = new TcpReassembler(0);
    r.init(0);
    Rec rec = new Rec();
    seg(r, 2, "cc", 10, rec);
    seg(r, 6, "gg", 20, rec);
    r.flush(30, rec);
    assertThat(rec.events).containsExactly("GAP(2)@30", "cc@10", "GAP(2)@30", "gg@20");
    assertThat(r.gapBytes()).isEqualTo(4);
    assertThat(r.bufferedBytes()).isZero();
  }
}
