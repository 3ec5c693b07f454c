package dev.manifestguard;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log records at or above a level, collected from the root logger (JBoss Logging and Quarkus log
 * through it) while open: {@code try (LogCapture log = LogCapture.atLeast(Level.WARNING)) {...}}.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Predicate<LogRecord> wanted;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Predicate<LogRecord> wanted) {
    this.wanted = wanted;
    Logger.getLogger("").addHandler(this);
  }

  /** Records of {@code level} or above, from every logger. */
  public static LogCapture atLeast(Level level) {
    return new LogCapture(r -> r.getLevel().intValue() >= level.intValue());
  }

  /** Records of {@code level} or above from the logger named after {@code source}. */
  public static LogCapture atLeast(Level level, Class<?> source) {
    return new LogCapture(
        r ->
            r.getLevel().intValue() >= level.intValue()
                && source.getName().equals(r.getLoggerName()));
  }

  public List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    if (wanted.test(record)) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
