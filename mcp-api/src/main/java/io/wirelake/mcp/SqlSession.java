package io.wirelake.mcp;

import io.wirelake.lakehouse.catalog.CatalogSettings;
import io.wirelake.lakehouse.sql.QueryResult;
import io.wirelake.lakehouse.sql.ReadOnlySql;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Flink SQL session behind {@code run_sql}, opened on first use (Flink start-up takes seconds)
 * and kept. Flink's planner keeps per-thread state, so the session is opened and queried on one
 * thread of its own. A query that exceeds its time limit is interrupted and its session thrown
 * away, so a runaway query does not block the next one.
 */
final class SqlSession implements AutoCloseable {

  /** One Flink session and the only thread that touches it. */
  private final class Worker {
    final ExecutorService thread =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "wirelake-mcp-sql");
          t.setDaemon(true);
          return t;
        });
    ReadOnlySql sql;

    QueryResult query(String query, long maxRows) {
      if (sql == null) {
        sql = ReadOnlySql.open(settings);
      }
      return sql.query(query, maxRows);
    }

    void close() {
      thread.submit(() -> {
        if (sql != null) {
          sql.close();
        }
      });
      thread.shutdown();
    }
  }

  private final CatalogSettings settings;
  private Worker worker;

  SqlSession(CatalogSettings settings) {
    this.settings = settings;
  }

  /** Runs one read-only query; {@link TimeoutException} if it takes longer than {@code limit}. */
  synchronized QueryResult query(String query, long maxRows, Duration limit)
      throws TimeoutException, InterruptedException {
    if (worker == null) {
      worker = new Worker();
    }
    Worker current = worker;
    Future<QueryResult> result = current.thread.submit(() -> current.query(query, maxRows));
    try {
      return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      worker = null;
      current.close();
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public synchronized void close() {
    if (worker != null) {
      Worker closing = worker;
      worker = null;
      closing.close();
      try {
        closing.thread.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
