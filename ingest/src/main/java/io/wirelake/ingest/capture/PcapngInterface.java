package io.wirelake.ingest.capture;

import java.math.BigInteger;

/**
 * A pcapng interface (from its Interface Description Block): link type, snap length, name, and
 * the conversion of its raw timestamps ({@code if_tsresol}, {@code if_tsoffset}) to microseconds.
 */
final class PcapngInterface {

  private static final long MICROS_PER_SECOND = 1_000_000L;

  private final int linkType;
  private final long snapLen;
  private final String name;
  private final boolean powerOfTwo;
  private final int exponent;
  private final long offsetMicros;
  /** For power of ten: multiplier (exponent <= 6) or divisor (exponent in 7..24). */
  private final long factor;

  PcapngInterface(int linkType, long snapLen, String name, int tsresol, long tsoffsetSeconds) {
    this.linkType = linkType;
    this.snapLen = snapLen;
    this.name = name;
    this.powerOfTwo = (tsresol & 0x80) != 0;
    this.exponent = tsresol & 0x7f;
    this.offsetMicros = tsoffsetSeconds * MICROS_PER_SECOND;
    if (!powerOfTwo && exponent <= 6) {
      factor = pow10(6 - exponent);
    } else if (!powerOfTwo && exponent <= 24) {
      factor = exponent - 6 <= 18 ? pow10(exponent - 6) : 0;
    } else {
      factor = 0;
    }
  }

  int linkType() {
    return linkType;
  }

  long snapLen() {
    return snapLen;
  }

  String name() {
    return name;
  }

  /** Converts a raw 64-bit (unsigned) timestamp to microseconds since the epoch, half up. */
  long toMicros(long raw) {
    long micros;
    if (!powerOfTwo && exponent <= 6) {
      micros = raw * factor;
    } else if (!powerOfTwo && factor != 0) {
      micros = Long.divideUnsigned(raw, factor);
      long rest = Long.remainderUnsigned(raw, factor);
      if (rest >= factor - rest) {
        micros++;
      }
    } else if (powerOfTwo && exponent == 0) {
      micros = raw * MICROS_PER_SECOND;
    } else if (powerOfTwo && exponent <= 40) {
      long seconds = raw >>> exponent;
      long fraction = raw & ((1L << exponent) - 1);
      micros = seconds * MICROS_PER_SECOND
          + ((fraction * MICROS_PER_SECOND + (1L << (exponent - 1))) >>> exponent);
    } else {
      micros = exotic(raw);
    }
    return micros + offsetMicros;
  }

  private long exotic(long raw) {
    BigInteger units = new BigInteger(Long.toUnsignedString(raw)).multiply(
        BigInteger.valueOf(MICROS_PER_SECOND));
    BigInteger perSecond = powerOfTwo
        ? BigInteger.ONE.shiftLeft(exponent)
        : BigInteger.TEN.pow(exponent);
    return units.add(perSecond.shiftRight(1)).divide(perSecond).longValue();
  }

  private static long pow10(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 10;
    }
    return v;
  }
}
