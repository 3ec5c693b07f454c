package dev.manifestguard.cli;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of one {@code check} run: parsing and rule evaluation are spread over them,
 * and every result is taken back in input order, so the output does not depend on their number.
 */
final class Parallel {
  /** The environment variable that sets the number of worker threads (1: no pool at all). */
  static final String THREADS_ENV = "MANIFEST_GUARD_CHECK_THREADS";

  private Parallel() {}

  /**
   * The number of worker threads: {@code MANIFEST_GUARD_CHECK_THREADS} when it is a positive
   * number, else the processors the JVM may use.
   */
  static int threads(Map<String, String> env) throws CliException {
    String v = env.get(THREADS_ENV);
    if (v == null || v.isBlank()) {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= 256) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException(THREADS_ENV + "=\"" + v + "\": expected a number from 1 to 256");
  }

  /** A pool of daemon threads, or null for one thread (everything then runs in the caller's). */
  static ExecutorService pool(int threads) {
    if (threads <= 1) {
      return null;
    }
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "check-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The task's result; what it threw is thrown again as it was. */
  static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}
