package io.wirelake.flink.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@link FrameWalker} reads of each frame, as small programs over the Kafka wire types: the request header
 * after its fixed prefix, then the request or response body of the common keys up to the fields that give the
 * topics, the error codes and the record sets. Programs are built once per (key, version) from the message
 * schemas of the Kafka protocol guide and referred to by id (so checkpointed state holds an int, not a program).
 *
 * <p>An op is three ints: code and two arguments. Strings, byte fields, arrays and records switch to their
 * compact (unsigned varint length + 1) encodings in flexible versions, which also carry tagged fields.
 */
final class Programs {
  // op codes
  static final int END = 0; // program done: the rest of the frame is skipped
  static final int SKIP = 1; // a: byte count
  static final int ERR16 = 2; // an int16 error code
  static final int INT16 = 3; // a: capture
  static final int INT32 = 4; // a: capture
  static final int STR = 5; // int16 length (-1 = null); a: capture
  static final int CSTR = 6; // uvarint length + 1 (0 = null); a: capture
  static final int UUID = 7; // 16 bytes; a: capture
  static final int BYTES = 8; // int32 length (-1 = null)
  static final int CBYTES = 9;
  static final int RECORDS = 10; // int32 length, then record batches
  static final int CRECORDS = 11;
  static final int ARRAY = 12; // int32 count (-1 = null); a: pc of the matching LOOP
  static final int CARRAY = 13;
  static final int LOOP = 14; // a: pc of the first op of the body
  static final int TAGS = 15; // uvarint count, then (uvarint tag, uvarint size, bytes) each
  static final int SWITCH = 16; // the caller picks the program that continues the frame

  // captures
  static final int CAP_NONE = 0;
  static final int CAP_API_KEY = 1;
  static final int CAP_VERSION = 2;
  static final int CAP_CORRELATION = 3;
  static final int CAP_CLIENT_ID = 4;
  static final int CAP_TRANSACTIONAL_ID = 5;
  static final int CAP_ACKS = 6;
  /** A topic name, added to the path. */
  static final int CAP_TOPIC = 7;
  /** A topic id, added to the path. */
  static final int CAP_TOPIC_ID = 8;
  /** A topic id kept until the name that follows it ({@link #CAP_TOPIC_OR_ID}). */
  static final int CAP_PENDING_ID = 9;
  /** A nullable topic name: the pending topic id goes to the path when it is null. */
  static final int CAP_TOPIC_OR_ID = 10;

  /** Size of an op. */
  static final int W = 3;
  private static final int VERSIONS = 32;

  private static final List<int[]> PROGRAMS = new ArrayList<>();
  static final int REQUEST_PREFIX = add(new B(false).i16(CAP_API_KEY).i16(CAP_VERSION).i32(CAP_CORRELATION).op(SWITCH, 0, 0).end());
  static final int RESPONSE_PREFIX = add(new B(false).i32(CAP_CORRELATION).op(SWITCH, 0, 0).end());
  static final int SKIP_ALL = add(new B(false).end());
  private static final int HEADER_V0 = SKIP_ALL;
  private static final int HEADER_V1 = add(new B(false).hstr(CAP_CLIENT_ID).end());
  private static final int HEADER_V2 = add(new B(true).hstr(CAP_CLIENT_ID).tags().end());
  private static final int RESPONSE_HEADER_V1 = add(new B(true).tags().end());
  private static final int[] REQUEST = new int[ApiTable.NAMES.length * VERSIONS];
  private static final int[] RESPONSE = new int[ApiTable.NAMES.length * VERSIONS];

  static {
    for (int key = 0; key < ApiTable.NAMES.length; key++) {
      for (int v = 0; v <= ApiTable.maxVersion(key); v++) {
        boolean flex = ApiTable.flexible(key, v);
        B req = new B(flex);
        int hv = ApiTable.requestHeaderVersion(key, v);
        if (hv >= 1) {
          req.hstr(CAP_CLIENT_ID);
        }
        if (hv == 2) {
          req.tags();
        }
        requestBody(key, v, req);
        REQUEST[key * VERSIONS + v] = add(req.end());
        B resp = new B(flex);
        if (ApiTable.responseHeaderVersion(key, v) == 1) {
          resp.tags();
        }
        responseBody(key, v, resp);
        RESPONSE[key * VERSIONS + v] = add(resp.end());
      }
    }
  }

  private Programs() {}

  /** True if program {@code id} reads error codes (a completed read without one means no error). */
  static boolean readsErrors(int id) {
    int[] p = PROGRAMS.get(id);
    for (int i = 0; i < p.length; i += W) {
      if (p[i] == ERR16) {
        return true;
      }
    }
    return false;
  }

  private static int add(int[] program) {
    PROGRAMS.add(program);
    return PROGRAMS.size() - 1;
  }

  static int[] get(int id) {
    return PROGRAMS.get(id);
  }

  /** The rest of a request after api key, version and correlation id: the header's client id and tags, the body. */
  static int request(int key, int version) {
    if (ApiTable.knownVersion(key, version) && version < VERSIONS) {
      return REQUEST[key * VERSIONS + version];
    }
    if (!ApiTable.known(key)) {
      return HEADER_V1; // the client id is in every header version clients use
    }
    return ApiTable.requestHeaderVersion(key, version) == 2 ? HEADER_V2 : HEADER_V1;
  }

  /** The rest of a response after its correlation id. */
  static int response(int key, int version) {
    if (ApiTable.knownVersion(key, version) && version < VERSIONS) {
      return RESPONSE[key * VERSIONS + version];
    }
    return ApiTable.responseHeaderVersion(key, version) == 1 ? RESPONSE_HEADER_V1 : HEADER_V0;
  }

  /** Request bodies parsed for their topics (and acks, transactional id, record counts of Produce). */
  private static void requestBody(int key, int v, B b) {
    switch (key) {
      case ApiTable.PRODUCE:
        if (v >= 3) {
          b.str(CAP_TRANSACTIONAL_ID).i16(CAP_ACKS).skip(4).array(t -> {
            topic(t, v >= 13);
            t.array(p -> p.skip(4).records().tags());
            t.tags();
          });
        }
        break;
      case ApiTable.FETCH:
        if (v >= 4) {
          b.skip(v <= 14 ? 4 : 0).skip(4 + 4 + 4 + 1).skip(v >= 7 ? 8 : 0).array(t -> {
            topic(t, v >= 13);
            t.array(p -> p.skip(4).skip(v >= 9 ? 4 : 0).skip(8).skip(v >= 12 ? 4 : 0).skip(v >= 5 ? 8 : 0).skip(4).tags());
            t.tags();
          });
        }
        break;
      case ApiTable.LIST_OFFSETS:
        if (v >= 1) {
          b.skip(4).skip(v >= 2 ? 1 : 0).array(t -> {
            t.str(CAP_TOPIC);
            t.array(p -> p.skip(4).skip(v >= 4 ? 4 : 0).skip(8).tags());
            t.tags();
          });
        }
        break;
      case ApiTable.METADATA:
        b.array(t -> {
          if (v >= 10) {
            t.uuid(CAP_PENDING_ID).str(CAP_TOPIC_OR_ID);
          } else {
            t.str(CAP_TOPIC);
          }
          t.tags();
        });
        break;
      case ApiTable.OFFSET_COMMIT:
        if (v >= 2) {
          b.str(CAP_NONE).skip(4).str(CAP_NONE);
          if (v >= 7) {
            b.str(CAP_NONE);
          }
          b.skip(v <= 4 ? 8 : 0).array(t -> {
            topic(t, v >= 10);
            t.array(p -> p.skip(4 + 8).skip(v >= 6 ? 4 : 0).str(CAP_NONE).tags());
            t.tags();
          });
        }
        break;
      case ApiTable.OFFSET_FETCH:
        if (v >= 1 && v <= 7) {
          b.str(CAP_NONE).array(t -> t.str(CAP_TOPIC).array(p -> p.skip(4)).tags());
        } else if (v >= 8) {
          b.array(g -> {
            g.str(CAP_NONE);
            if (v >= 9) {
              g.str(CAP_NONE).skip(4);
            }
            g.array(t -> {
              topic(t, v >= 10);
              t.array(p -> p.skip(4)).tags();
            });
            g.tags();
          });
        }
        break;
      default:
        break;
    }
  }

  private static void topic(B t, boolean byId) {
    if (byId) {
      t.uuid(CAP_TOPIC_ID);
    } else {
      t.str(CAP_TOPIC);
    }
  }

  /** Response bodies parsed for their error codes (and the record counts of Fetch). */
  private static void responseBody(int key, int v, B b) {
    switch (key) {
      case ApiTable.PRODUCE:
        if (v >= 3) {
          b.array(t -> {
            topic(t, v >= 13);
            t.array(p -> {
              p.skip(4).err().skip(8).skip(v >= 2 ? 8 : 0).skip(v >= 5 ? 8 : 0);
              if (v >= 8) {
                p.array(e -> e.skip(4).str(CAP_NONE).tags()).str(CAP_NONE);
              }
              p.tags();
            });
            t.tags();
          });
        }
        break;
      case ApiTable.FETCH:
        if (v >= 4) {
          b.skip(4);
          if (v >= 7) {
            b.err().skip(4);
          }
          b.array(t -> {
            topic(t, v >= 13);
            t.array(p -> {
              p.skip(4).err().skip(8 + 8).skip(v >= 5 ? 8 : 0);
              p.array(a -> a.skip(16).tags());
              p.skip(v >= 11 ? 4 : 0).records().tags();
            });
            t.tags();
          });
        }
        break;
      case ApiTable.LIST_OFFSETS:
        if (v >= 1) {
          b.skip(v >= 2 ? 4 : 0).array(t -> {
            t.str(CAP_NONE);
            t.array(p -> p.skip(4).err().skip(16).skip(v >= 4 ? 4 : 0).tags());
            t.tags();
          });
        }
        break;
      case ApiTable.METADATA:
        b.skip(v >= 3 ? 4 : 0);
        b.array(r -> {
          r.skip(4).str(CAP_NONE).skip(4);
          if (v >= 1) {
            r.str(CAP_NONE);
          }
          r.tags();
        });
        if (v >= 2) {
          b.str(CAP_NONE);
        }
        b.skip(v >= 1 ? 4 : 0).array(t -> {
          t.err().str(CAP_NONE).skip(v >= 10 ? 16 : 0).skip(v >= 1 ? 1 : 0);
          t.array(p -> {
            p.err().skip(4 + 4).skip(v >= 7 ? 4 : 0);
            p.array(x -> x.skip(4)).array(x -> x.skip(4));
            if (v >= 5) {
              p.array(x -> x.skip(4));
            }
            p.tags();
          });
          t.skip(v >= 8 ? 4 : 0).tags();
        });
        b.skip(v >= 8 && v <= 10 ? 4 : 0);
        if (v >= 13) {
          b.err();
        }
        break;
      case ApiTable.OFFSET_COMMIT:
        if (v >= 2) {
          b.skip(v >= 3 ? 4 : 0).array(t -> {
            topic(t, v >= 10);
            t.array(p -> p.skip(4).err().tags());
            t.tags();
          });
        }
        break;
      case ApiTable.OFFSET_FETCH:
        if (v >= 1 && v <= 7) {
          b.skip(v >= 3 ? 4 : 0).array(t -> {
            t.str(CAP_NONE);
            t.array(p -> p.skip(4 + 8).skip(v >= 5 ? 4 : 0).str(CAP_NONE).err().tags());
            t.tags();
          });
          if (v >= 2) {
            b.err();
          }
        } else if (v >= 8) {
          b.skip(4).array(g -> {
            g.str(CAP_NONE).array(t -> {
              topic(t, v >= 10);
              t.array(p -> p.skip(4 + 8 + 4).str(CAP_NONE).err().tags());
              t.tags();
            });
            g.err().tags();
          });
        }
        break;
      case 10: // FindCoordinator
        if (v == 0) {
          b.err();
        } else if (v <= 3) {
          b.skip(4).err();
        } else {
          b.skip(4).array(c -> c.str(CAP_NONE).skip(4).str(CAP_NONE).skip(4).err().str(CAP_NONE).tags());
        }
        break;
      case ApiTable.SASL_HANDSHAKE:
      case ApiTable.API_VERSIONS:
      case ApiTable.SASL_AUTHENTICATE:
        b.err();
        break;
      default:
        int throttleFrom = throttleBeforeError(key);
        if (throttleFrom >= 0) {
          b.skip(v >= throttleFrom ? 4 : 0).err();
        }
        break;
    }
  }

  /**
   * Responses that start with [throttle_time_ms] error_code: the first version with the throttle time, or -1
   * when the key is not one of them.
   */
  private static int throttleBeforeError(int key) {
    switch (key) {
      case 11: // JoinGroup
        return 2;
      case 12: // Heartbeat
      case 13: // LeaveGroup
      case 14: // SyncGroup
      case 16: // ListGroups
        return 1;
      case 22: // InitProducerId
      case 25: // AddOffsetsToTxn
      case 26: // EndTxn
      case 60: // DescribeCluster
      case 68: // ConsumerGroupHeartbeat
        return 0;
      default:
        return -1;
    }
  }

  /** Program builder. */
  private static final class B {
    final boolean flex;
    int[] ops = new int[48];
    int n;

    B(boolean flex) {
      this.flex = flex;
    }

    B op(int code, int a, int b) {
      if (n + W > ops.length) {
        ops = Arrays.copyOf(ops, ops.length * 2);
      }
      ops[n++] = code;
      ops[n++] = a;
      ops[n++] = b;
      return this;
    }

    B skip(int bytes) {
      return bytes == 0 ? this : op(SKIP, bytes, 0);
    }

    B err() {
      return op(ERR16, 0, 0);
    }

    B i16(int cap) {
      return op(INT16, cap, 0);
    }

    B i32(int cap) {
      return op(INT32, cap, 0);
    }

    B str(int cap) {
      return op(flex ? CSTR : STR, cap, 0);
    }

    /** The request header's client id: an int16-length string in every header version. */
    B hstr(int cap) {
      return op(STR, cap, 0);
    }

    B uuid(int cap) {
      return op(UUID, cap, 0);
    }

    B records() {
      return op(flex ? CRECORDS : RECORDS, 0, 0);
    }

    B array(Consumer<B> body) {
      int at = n;
      op(flex ? CARRAY : ARRAY, 0, 0);
      body.accept(this);
      ops[at + 1] = n;
      return op(LOOP, at + W, 0);
    }

    B tags() {
      return flex ? op(TAGS, 0, 0) : this;
    }

    int[] end() {
      op(END, 0, 0);
      return Arrays.copyOf(ops, n);
    }
  }
}
