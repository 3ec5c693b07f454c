package dev.manifestguard.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the start-up warm-up (synthetic reviews through the engine, see {@code
 * admission.AdmissionWarmup}) has finished: readiness waits for it, so that the first reviews the
 * apiserver sends do not meet a cold JVM (classes not yet loaded, every method interpreted). Also
 * when readiness was first reported: the TLS part of the warm-up waits for that, so that on one CPU
 * it does not delay the ready answer itself.
 */
@ApplicationScoped
public class Warmup {
  private volatile boolean done;
  private final CountDownLatch reportedReady = new CountDownLatch(1);

  public boolean done() {
    return done;
  }

  public void finished() {
    done = true;
  }

  /** A readiness probe has been answered "up" (its answer sent). */
  public void reportedReady() {
    reportedReady.countDown();
  }

  /** Waits until a readiness probe has been answered "up", at most {@code max}. */
  public boolean awaitReportedReady(Duration max) throws InterruptedException {
    return reportedReady.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }
}
