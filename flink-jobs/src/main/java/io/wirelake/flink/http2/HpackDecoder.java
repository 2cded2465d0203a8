package io.wirelake.flink.http2;

import java.nio.charset.StandardCharsets;

/**
 * HPACK (RFC 7541) decoder of one direction of a connection: integer and string literals, Huffman-coded
 * strings, the static table and a dynamic table that persists across header blocks. Strings are decoded as
 * ISO-8859-1 (one char per octet, so table sizes stay exact). Never throws on malformed input: {@link #decode}
 * returns an error text instead, after which the table may no longer match the peer's.
 */
final class HpackDecoder {
  static final int DEFAULT_TABLE_SIZE = 4096;

  private HpackDynamicTable table;
  /** Largest dynamic table size this decoder accepts from a size update (bounds memory). */
  private int tableSizeLimit;
  /** Huffman output buffer, reused. */
  private transient byte[] scratch;
  // decode position, valid during one decode call
  private transient int pos;
  private transient int end;

  HpackDecoder() {}

  HpackDecoder(int tableSizeLimit) {
    this.tableSizeLimit = tableSizeLimit;
    this.table = new HpackDynamicTable(Math.min(DEFAULT_TABLE_SIZE, tableSizeLimit));
  }

  HpackDynamicTable table() {
    return table;
  }

  /** Decodes one complete header block into {@code out} (cleared first). Returns null, or what is wrong. */
  String decode(byte[] b, int off, int len, HeaderList out) {
    out.clear();
    pos = off;
    end = off + len;
    boolean fieldSeen = false;
    while (pos < end) {
      int c = b[pos] & 0xff;
      if ((c & 0x80) != 0) {
        int index = readInt(b, 7);
        if (index <= 0) {
          return index < 0 ? "bad integer" : "index 0";
        }
        String err = indexed(index, out);
        if (err != null) {
          return err;
        }
        fieldSeen = true;
      } else if ((c & 0xc0) == 0x40) {
        String err = literal(b, 6, true, out);
        if (err != null) {
          return err;
        }
        fieldSeen = true;
      } else if ((c & 0xe0) == 0x20) {
        if (fieldSeen) {
          return "table size update after a header field";
        }
        int size = readInt(b, 5);
        if (size < 0) {
          return "bad integer";
        }
        if (size > tableSizeLimit) {
          return "table size update to " + size + " above limit " + tableSizeLimit;
        }
        table.setMaxSize(size);
      } else {
        // 0000xxxx without indexing, 0001xxxx never indexed
        String err = literal(b, 4, false, out);
        if (err != null) {
          return err;
        }
        fieldSeen = true;
      }
    }
    return null;
  }

  private String indexed(int index, HeaderList out) {
    if (index <= HpackStaticTable.SIZE) {
      out.add(HpackStaticTable.name(index), HpackStaticTable.value(index));
      return null;
    }
    int d = index - HpackStaticTable.SIZE;
    if (d > table.count()) {
      return "index " + index + " beyond table";
    }
    out.add(table.name(d), table.value(d));
    return null;
  }

  private String literal(byte[] b, int prefixBits, boolean addToTable, HeaderList out) {
    int index = readInt(b, prefixBits);
    if (index < 0) {
      return "bad integer";
    }
    String name;
    if (index == 0) {
      name = readString(b);
      if (name == null) {
        return "bad name literal";
      }
    } else if (index <= HpackStaticTable.SIZE) {
      name = HpackStaticTable.name(index);
    } else {
      int d = index - HpackStaticTable.SIZE;
      if (d > table.count()) {
        return "name index " + index + " beyond table";
      }
      name = table.name(d);
    }
    String value = readString(b);
    if (value == null) {
      return "bad value literal";
    }
    if (addToTable) {
      table.add(name, value);
    }
    out.add(name, value);
    return null;
  }

  /** An integer with an N-bit prefix starting at {@code pos}; -1 if truncated or larger than 2^28. */
  private int readInt(byte[] b, int prefixBits) {
    if (pos >= end) {
      return -1;
    }
    int max = (1 << prefixBits) - 1;
    int v = b[pos++] & max;
    if (v < max) {
      return v;
    }
    int shift = 0;
    while (pos < end) {
      int c = b[pos++] & 0xff;
      v += (c & 0x7f) << shift;
      if ((c & 0x80) == 0) {
        return v;
      }
      shift += 7;
      if (shift > 21) {
        return -1;
      }
    }
    return -1;
  }

  /** A string literal at {@code pos}, Huffman-decoded if flagged; null if malformed or truncated. */
  private String readString(byte[] b) {
    if (pos >= end) {
      return null;
    }
    boolean huffman = (b[pos] & 0x80) != 0;
    int len = readInt(b, 7);
    if (len < 0 || len > end - pos) {
      return null;
    }
    int start = pos;
    pos += len;
    if (!huffman) {
      return new String(b, start, len, StandardCharsets.ISO_8859_1);
    }
    int need = Huffman.maxDecodedLength(len);
    if (scratch == null || scratch.length < need) {
      scratch = new byte[Math.max(need, 256)];
    }
    int n = Huffman.decode(b, start, len, scratch);
    return n < 0 ? null : new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
  }
}
