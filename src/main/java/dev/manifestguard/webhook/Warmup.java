package dev.manifestguard.webhook;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the start-up warm-up (synthetic reviews through the engine, see {@code
 * admission.AdmissionWarmup}) has finished: readiness waits for it, so that the first reviews the
 * apiserver sends do not meet a cold JVM (classes not yet loaded, every method interpreted).
 */
@ApplicationScoped
public class Warmup {
  private volatile boolean done;

  public boolean done() {
    return done;
  }

  public void finished() {
    done = true;
  }
}
