package io.wirelake.ingest.generate;

import io.wirelake.ingest.generate.PgMessages.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plays one connection of a service pod to {@code postgres}: a StartupMessage with the service's
 * user and database, AuthenticationOk (trust, no password exchange), a few ParameterStatus,
 * BackendKeyData and ReadyForQuery; then a few simple Query messages, each answered by
 * RowDescription, DataRows and CommandComplete (or, now and then, an ErrorResponse with its
 * SQLSTATE) and ReadyForQuery; then Terminate and a FIN close.
 */
final class PostgresSession {

  private static final int INT4 = 23;
  private static final int INT8 = 20;
  private static final int TEXT = 25;
  private static final int NUMERIC = 1700;
  private static final int TIMESTAMPTZ = 1184;
  private static final List<Column> ORDER_COLUMNS = List.of(new Column("id", INT8, 8),
      new Column("user_id", INT8, 8), new Column("status", TEXT, -1),
      new Column("total", NUMERIC, -1), new Column("created_at", TIMESTAMPTZ, 8));
  private static final List<Column> ITEM_COLUMNS = List.of(new Column("order_id", INT8, 8),
      new Column("sku", TEXT, -1), new Column("quantity", INT4, 4),
      new Column("price", NUMERIC, -1));
  private static final List<Column> USER_COLUMNS = List.of(new Column("id", INT8, 8),
      new Column("email", TEXT, -1), new Column("name", TEXT, -1),
      new Column("created_at", TIMESTAMPTZ, 8));
  private static final String[] STATUSES = {"new", "paid", "shipped", "delivered"};
  private static final String[] NAMES = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret"};

  /** A query's answer: a result set (columns and rows) or a command tag, or an error. */
  private record Answer(String sql, List<Column> columns, List<List<String>> rows, String tag,
      String sqlState, String error, double medianMicros) {}

  private final Rng rng;
  private final FrameBuilder builder;

  PostgresSession(Rng rng, FrameBuilder builder) {
    this.rng = rng;
    this.builder = builder;
  }

  PlayedConnection play(String caller, int clientIp, int clientPort, long start) {
    TcpConnection tcp = new TcpConnection(builder, rng, clientIp, clientPort,
        Dependency.POSTGRES.ip(), Dependency.POSTGRES.port(), Latencies.rtt(rng, 30),
        Latencies.rtt(rng, 50));
    long t = tcp.open(start) + rng.between(5, 40);
    String database = caller.equals("users") ? "accounts" : "shop";
    long startupEnd = tcp.send(true, PgMessages.startup("user", caller, "database", database,
        "application_name", caller, "client_encoding", "UTF8"), t, false);
    long backendStart = Latencies.clamp(rng.logNormal(1_200, 0.4), 300, 8_000);
    long helloStart = startupEnd + tcp.serverRtt() + backendStart;
    long helloEnd = tcp.send(false, RespMessages.concat(PgMessages.authenticationOk(),
        PgMessages.parameterStatus("server_version", "16.2"),
        PgMessages.parameterStatus("client_encoding", "UTF8"),
        PgMessages.parameterStatus("DateStyle", "ISO, MDY"),
        PgMessages.parameterStatus("TimeZone", "UTC"),
        PgMessages.parameterStatus("integer_datetimes", "on"),
        PgMessages.parameterStatus("standard_conforming_strings", "on"),
        PgMessages.backendKeyData(rng.between(40, 30_000), rng.nextInt(Integer.MAX_VALUE)),
        PgMessages.readyForQuery()), helloStart, true);
    t = helloEnd + tcp.clientRtt() + rng.between(10, 60);
    int queries = rng.between(1, 5);
    for (int i = 0; i < queries; i++) {
      if (i > 0) {
        t += 20 + (long) rng.exponential(500);
      }
      Answer a = caller.equals("users") ? userQuery() : orderQuery();
      long queryEnd = tcp.send(true, PgMessages.query(a.sql()), t, false);
      long serverTime = Latencies.clamp(rng.logNormal(a.medianMicros(), 0.6), 30, 200_000);
      long replyEnd = tcp.send(false, reply(a), queryEnd + tcp.serverRtt() + serverTime, true);
      t = replyEnd + tcp.clientRtt() + rng.between(10, 50);
    }
    long terminate = tcp.send(true, PgMessages.terminate(), t + rng.between(20, 2_000), false);
    tcp.closeByClient(terminate + rng.between(2, 20));
    return PlayedConnection.tcp(Dependency.POSTGRES, tcp, queries);
  }

  private static byte[] reply(Answer a) {
    List<byte[]> parts = new ArrayList<>();
    if (a.error() != null) {
      parts.add(PgMessages.errorResponse(a.sqlState(), a.error()));
    } else {
      if (a.columns() != null) {
        parts.add(PgMessages.rowDescription(16_390, a.columns()));
        for (List<String> row : a.rows()) {
          parts.add(PgMessages.dataRow(row));
        }
      }
      parts.add(PgMessages.commandComplete(a.tag()));
    }
    parts.add(PgMessages.readyForQuery());
    return RespMessages.concat(parts.toArray(byte[][]::new));
  }

  private Answer orderQuery() {
    int id = rng.between(1, 99_999);
    double r = rng.nextDouble();
    if (r < 0.45) {
      List<List<String>> rows = rng.chance(0.9) ? List.of(order(id)) : List.of();
      return select("SELECT id, user_id, status, total, created_at FROM orders WHERE id = " + id,
          ORDER_COLUMNS, rows, 180);
    }
    if (r < 0.7) {
      List<List<String>> rows = new ArrayList<>();
      for (int i = rng.between(1, 6); i > 0; i--) {
        rows.add(List.of(Integer.toString(id), "SKU-" + rng.between(1_000, 9_999),
            Integer.toString(rng.between(1, 4)), price()));
      }
      return select("SELECT order_id, sku, quantity, price FROM order_items WHERE order_id = "
          + id, ITEM_COLUMNS, rows, 260);
    }
    if (r < 0.85) {
      String sql = "UPDATE orders SET status = '" + STATUSES[rng.nextInt(STATUSES.length)]
          + "' WHERE id = " + id;
      return rng.chance(0.01)
          ? error(sql, "40P01", "deadlock detected", 900)
          : command(sql, "UPDATE " + (rng.chance(0.95) ? 1 : 0), 450);
    }
    String sql = "INSERT INTO orders (user_id, status, total) VALUES (" + rng.between(1, 99_999)
        + ", 'new', " + price() + ")";
    return rng.chance(0.03)
        ? error(sql, "23505",
            "duplicate key value violates unique constraint \"orders_pkey\"", 400)
        : command(sql, "INSERT 0 1", 600);
  }

  private Answer userQuery() {
    int id = rng.between(1, 99_999);
    double r = rng.nextDouble();
    if (r < 0.6) {
      List<List<String>> rows = rng.chance(0.92) ? List.of(user(id)) : List.of();
      return select("SELECT id, email, name, created_at FROM users WHERE id = " + id,
          USER_COLUMNS, rows, 150);
    }
    if (r < 0.8) {
      List<List<String>> rows = rng.chance(0.7) ? List.of(user(id)) : List.of();
      String sql = "SELECT id, email, name, created_at FROM users WHERE email = 'user" + id
          + "@example.com'";
      return rng.chance(0.005)
          ? error(sql, "57014", "canceling statement due to statement timeout", 30_000)
          : select(sql, USER_COLUMNS, rows, 700);
    }
    return command("UPDATE users SET last_login = now() WHERE id = " + id, "UPDATE 1", 400);
  }

  private static Answer select(String sql, List<Column> columns, List<List<String>> rows,
      double median) {
    return new Answer(sql, columns, rows, "SELECT " + rows.size(), null, null, median);
  }

  private static Answer command(String sql, String tag, double median) {
    return new Answer(sql, null, null, tag, null, null, median);
  }

  private static Answer error(String sql, String sqlState, String text, double median) {
    return new Answer(sql, null, null, null, sqlState, text, median);
  }

  private List<String> order(int id) {
    return List.of(Integer.toString(id), Integer.toString(rng.between(1, 99_999)),
        STATUSES[rng.nextInt(STATUSES.length)], price(), timestamp());
  }

  private List<String> user(int id) {
    return List.of(Integer.toString(id), "user" + id + "@example.com",
        NAMES[rng.nextInt(NAMES.length)], timestamp());
  }

  private String price() {
    return rng.between(1, 499) + "." + String.format(Locale.ROOT, "%02d", rng.nextInt(100));
  }

  private String timestamp() {
    return String.format(Locale.ROOT, "2025-%02d-%02d %02d:%02d:%02d+00", rng.between(1, 12),
        rng.between(1, 28), rng.nextInt(24), rng.nextInt(60), rng.nextInt(60));
  }
}
