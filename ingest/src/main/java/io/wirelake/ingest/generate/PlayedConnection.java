package io.wirelake.ingest.generate;

import io.wirelake.ingest.capture.CapturedFrame;
import java.util.List;

/**
 * What one conversation with a dependency produced: its frames in time order, the calls it made
 * (Redis commands, PostgreSQL queries or DNS queries) and, for TCP, its payload bytes.
 */
record PlayedConnection(Dependency dependency, boolean tcp, List<CapturedFrame> frames, int calls,
    long clientPayload, long serverPayload) {

  static PlayedConnection tcp(Dependency dependency, TcpConnection connection, int calls) {
    return new PlayedConnection(dependency, true, connection.frames(), calls,
        connection.clientPayload(), connection.serverPayload());
  }
}
