package io.wirelake.ingest.capture;

/**
 * One frame as a capture source delivered it.
 *
 * @param tsMicros capture time from the record header, microseconds since the epoch
 * @param linkType libpcap LINKTYPE_ value of the frame's interface
 * @param iface interface name (pcapng if_name, or a name the source gives)
 * @param data captured bytes (at most the snap length)
 * @param origLen the frame's length on the wire
 */
public record CapturedFrame(long tsMicros, int linkType, String iface, byte[] data, int origLen) {}
