package io.wirelake.lakehouse.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * Serializes catalog start-up on one SQLite file across threads and processes. JdbcCatalog
 * checks for and then adds its V1 columns when it initializes; two catalogs initializing the
 * same new file at once fail with "duplicate column name: iceberg_type" without this.
 */
final class SqliteInitLock {

  private static final Object JVM_LOCK = new Object();

  private SqliteInitLock() {}

  static <T> T holding(Path sqliteFile, Supplier<T> action) {
    Path lockFile = sqliteFile.resolveSibling(sqliteFile.getFileName() + ".init-lock");
    synchronized (JVM_LOCK) { // a FileLock is per process: threads need their own lock
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.get();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + lockFile, e);
      }
    }
  }
}
