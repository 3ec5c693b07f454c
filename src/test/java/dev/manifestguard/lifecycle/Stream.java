package dev.manifestguard.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady stream of reviews from several threads, each on a fresh connection, until {@link
 * #stop()}; every exchange is recorded with its send and end times so a test can judge it against
 * what happened meanwhile.
 */
final class Stream implements AutoCloseable {
  record Sent(String thread, Mix.Item item, long startNanos, long endNanos, OneShot.Result result) {
    @Override
    public String toString() {
      return thread + " " + item.name() + ": " + result;
    }
  }

  private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);

  /**
   * Starts {@code threads} senders; thread i rotates through the mix from offset i, and the last
   * one sends only {@code heavy} (when given), so a long review is in flight at any moment.
   */
  Stream(Mix mix, int port, boolean tls, int threadCount, Mix.Item heavy, long pauseMillis) {
    for (int i = 0; i < threadCount; i++) {
      int offset = i;
      boolean heavyOnly = heavy != null && i == threadCount - 1;
      Thread t =
          new Thread(
              () -> {
                int n = offset;
                while (running.get()) {
                  Mix.Item item = heavyOnly ? heavy : mix.order.get(n++ % mix.order.size());
                  long start = System.nanoTime();
                  OneShot.Result r = OneShot.post(port, tls, "/validate", item.body());
                  sent.add(
                      new Sent(
                          Thread.currentThread().getName(), item, start, System.nanoTime(), r));
                  long pause = r.ok() ? pauseMillis : Math.max(pauseMillis, 10);
                  if (pause > 0) {
                    try {
                      Thread.sleep(pause);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              },
              "sender-" + i + (heavyOnly ? "-heavy" : ""));
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  void stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(60_000);
    }
  }

  /** What was sent so far (a copy). */
  List<Sent> sent() {
    synchronized (sent) {
      return new ArrayList<>(sent);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
