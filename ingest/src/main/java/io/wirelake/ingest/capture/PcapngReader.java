package io.wirelake.ingest.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcapng files: Section Header Blocks in either byte order (several sections per file),
 * Interface Description Blocks with {@code if_name}, {@code if_tsresol} and {@code if_tsoffset},
 * and Enhanced, Simple and obsolete Packet Blocks. Other blocks are skipped by their length.
 *
 * <p>A Simple Packet Block has no timestamp; its frame gets the previous frame's time.
 */
final class PcapngReader implements CaptureReader {

  static final int SHB_TYPE = 0x0a0d0d0a;
  private static final int IDB_TYPE = 1;
  private static final int PB_TYPE = 2;
  private static final int SPB_TYPE = 3;
  private static final int EPB_TYPE = 6;
  private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;

  private static final int OPT_END = 0;
  private static final int IF_NAME = 2;
  private static final int IF_TSRESOL = 9;
  private static final int IF_TSOFFSET = 14;
  private static final int DEFAULT_TSRESOL = 6;

  private final ChannelInput input;
  private final SkippedRecords skipped;
  private final List<PcapngInterface> interfaces = new ArrayList<>();
  private boolean ended;
  private long framesRead;
  private long lastMicros;

  PcapngReader(ChannelInput input, String fileName) {
    this.input = input;
    this.skipped = new SkippedRecords(fileName);
  }

  @Override
  public CapturedFrame next() throws IOException {
    while (!ended) {
      if (!input.request(8)) {
        end(input.available() > 0, "truncated block header");
        return null;
      }
      ByteBuffer buf = input.buffer();
      int start = buf.position();
      int type = buf.getInt(start);
      if (type == SHB_TYPE) {
        if (!readByteOrder()) {
          return null;
        }
        start = buf.position();
      }
      long blockLen = Integer.toUnsignedLong(buf.getInt(start + 4));
      if (blockLen < 12 || (blockLen & 3) != 0) {
        end(true, "block length " + blockLen + " is not a multiple of 4 of at least 12");
        return null;
      }
      if (blockLen > ChannelInput.CAPACITY) {
        if (type == SHB_TYPE) {
          interfaces.clear();
        }
        if (isPacket(type) || type == SHB_TYPE || type == IDB_TYPE) {
          skipped.skip(input.offset(), "block of type " + type + " too long: " + blockLen);
        }
        if (!input.skip(blockLen)) {
          end(false, null);
        }
        continue;
      }
      int len = (int) blockLen;
      if (!input.request(len)) {
        end(true, "truncated block: " + len + " bytes announced, " + input.available()
            + " present");
        return null;
      }
      start = buf.position();
      if (buf.getInt(start + len - 4) != len) {
        end(true, "trailing block length differs from leading length " + len);
        return null;
      }
      CapturedFrame frame = readBlock(type, start + 8, len - 12);
      input.advance(len);
      if (frame != null) {
        framesRead++;
        lastMicros = frame.tsMicros();
        return frame;
      }
    }
    return null;
  }

  private boolean readByteOrder() throws IOException {
    if (!input.request(12)) {
      end(true, "truncated section header");
      return false;
    }
    ByteBuffer buf = input.buffer();
    int bom = buf.order(ByteOrder.BIG_ENDIAN).getInt(buf.position() + 8);
    if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
      input.order(ByteOrder.LITTLE_ENDIAN);
    } else if (bom != BYTE_ORDER_MAGIC) {
      end(true, String.format("section header byte-order magic 0x%08x", bom));
      return false;
    }
    return true;
  }

  private static boolean isPacket(int type) {
    return type == EPB_TYPE || type == SPB_TYPE || type == PB_TYPE;
  }

  /** Reads one complete block whose body is [body, body + bodyLen) in the buffer. */
  private CapturedFrame readBlock(int type, int body, int bodyLen) {
    switch (type) {
      case SHB_TYPE:
        interfaces.clear();
        return null;
      case IDB_TYPE:
        readInterface(body, bodyLen);
        return null;
      case EPB_TYPE:
        return readEnhanced(body, bodyLen);
      case SPB_TYPE:
        return readSimple(body, bodyLen);
      case PB_TYPE:
        return readObsolete(body, bodyLen);
      default:
        return null;
    }
  }

  private void readInterface(int body, int bodyLen) {
    ByteBuffer buf = input.buffer();
    if (bodyLen < 8) {
      skipped.skip(input.offset(), "interface description block too short");
      // Keep interface numbering aligned with the file: later packets name it by index.
      interfaces.add(new PcapngInterface(0, 0, "if" + interfaces.size(), DEFAULT_TSRESOL, 0));
      return;
    }
    int linkType = buf.getShort(body) & 0xffff;
    long snapLen = Integer.toUnsignedLong(buf.getInt(body + 4));
    String name = null;
    int tsresol = DEFAULT_TSRESOL;
    long tsoffset = 0;
    int end = body + bodyLen;
    int p = body + 8;
    while (p + 4 <= end) {
      int code = buf.getShort(p) & 0xffff;
      int optLen = buf.getShort(p + 2) & 0xffff;
      int value = p + 4;
      if (code == OPT_END || value + optLen > end) {
        break;
      }
      if (code == IF_NAME) {
        name = utf8(value, optLen);
      } else if (code == IF_TSRESOL && optLen >= 1) {
        tsresol = buf.get(value) & 0xff;
      } else if (code == IF_TSOFFSET && optLen >= 8) {
        tsoffset = buf.getLong(value);
      }
      p = value + ((optLen + 3) & ~3);
    }
    if (name == null || name.isEmpty()) {
      name = "if" + interfaces.size();
    }
    interfaces.add(new PcapngInterface(linkType, snapLen, name, tsresol, tsoffset));
  }

  private String utf8(int offset, int length) {
    byte[] array = input.buffer().array();
    int from = input.buffer().arrayOffset() + offset;
    int n = length;
    while (n > 0 && array[from + n - 1] == 0) {
      n--;
    }
    return new String(array, from, n, StandardCharsets.UTF_8);
  }

  private CapturedFrame readEnhanced(int body, int bodyLen) {
    ByteBuffer buf = input.buffer();
    if (bodyLen < 20) {
      skipped.skip(input.offset(), "enhanced packet block too short");
      return null;
    }
    long interfaceId = Integer.toUnsignedLong(buf.getInt(body));
    long raw = (Integer.toUnsignedLong(buf.getInt(body + 4)) << 32)
        | Integer.toUnsignedLong(buf.getInt(body + 8));
    long capLen = Integer.toUnsignedLong(buf.getInt(body + 12));
    long origLen = Integer.toUnsignedLong(buf.getInt(body + 16));
    return packet(interfaceId, raw, capLen, origLen, body + 20, bodyLen - 20, true);
  }

  private CapturedFrame readObsolete(int body, int bodyLen) {
    ByteBuffer buf = input.buffer();
    if (bodyLen < 20) {
      skipped.skip(input.offset(), "packet block too short");
      return null;
    }
    int interfaceId = buf.getShort(body) & 0xffff;
    long raw = (Integer.toUnsignedLong(buf.getInt(body + 4)) << 32)
        | Integer.toUnsignedLong(buf.getInt(body + 8));
    long capLen = Integer.toUnsignedLong(buf.getInt(body + 12));
    long origLen = Integer.toUnsignedLong(buf.getInt(body + 16));
    return packet(interfaceId, raw, capLen, origLen, body + 20, bodyLen - 20, true);
  }

  private CapturedFrame readSimple(int body, int bodyLen) {
    ByteBuffer buf = input.buffer();
    if (bodyLen < 4 || interfaces.isEmpty()) {
      skipped.skip(input.offset(), bodyLen < 4
          ? "simple packet block too short"
          : "simple packet block before any interface description");
      return null;
    }
    long origLen = Integer.toUnsignedLong(buf.getInt(body));
    long capLen = Math.min(origLen, bodyLen - 4);
    long snapLen = interfaces.get(0).snapLen();
    if (snapLen > 0) {
      capLen = Math.min(capLen, snapLen);
    }
    return packet(0, 0, capLen, origLen, body + 4, bodyLen - 4, false);
  }

  private CapturedFrame packet(
      long interfaceId, long raw, long capLen, long origLen, int data, int room, boolean timed) {
    if (interfaceId >= interfaces.size()) {
      skipped.skip(input.offset(), "packet names undeclared interface " + interfaceId);
      return null;
    }
    if (capLen > PcapReader.MAX_CAPLEN || capLen > room) {
      skipped.skip(input.offset(), "captured length " + capLen + " impossible in its block");
      return null;
    }
    PcapngInterface iface = interfaces.get((int) interfaceId);
    byte[] bytes = new byte[(int) capLen];
    input.buffer().get(data, bytes);
    long micros = timed ? iface.toMicros(raw) : lastMicros;
    int orig = (int) Math.min(Math.max(origLen, capLen), Integer.MAX_VALUE);
    return new CapturedFrame(micros, iface.linkType(), iface.name(), bytes, orig);
  }

  private void end(boolean counted, String reason) {
    ended = true;
    if (counted) {
      skipped.skip(input.offset(), reason);
    }
  }

  @Override
  public CaptureStats stats() {
    return new CaptureStats(framesRead, skipped.count(), skipped.firstReason());
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
