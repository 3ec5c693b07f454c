package dev.manifestguard.admission;

import dev.manifestguard.webhook.Warmup;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Before the webhook reports ready, a few synthetic AdmissionReviews (classpath {@code warmup/}: a
 * Deployment, its UPDATE, a denied privileged Pod, an Argo Rollout, a PVC, a RoleBinding) go
 * through the same parsing, engine and answer as real ones ({@link AdmissionHandler#rehearse}), so
 * that the classes of every rule are loaded and the hot paths compiled before the apiserver's first
 * review. A just-started replica otherwise answered its first reviews far slower than a warm one,
 * on a loaded node slower than the webhook's 5 s timeout.
 *
 * <p>No side effects: no metrics, no log lines, no cluster state. Bounded by rounds and by time; a
 * failure only ends the warm-up (it never keeps the webhook from becoming ready).
 */
@ApplicationScoped
public class AdmissionWarmup {
  private static final Logger LOG = Logger.getLogger(AdmissionWarmup.class);

  static final List<String> REVIEWS =
      List.of(
          "deployment-5c",
          "deployment-update",
          "pod-privileged",
          "rollout-negative-memory",
          "pvc",
          "rolebinding");

  private final AdmissionHandler handler;
  private final Warmup warmup;
  private final int rounds;
  private final Duration maxTime;

  public AdmissionWarmup(
      AdmissionHandler handler,
      Warmup warmup,
      @ConfigProperty(name = "manifest-guard.warmup.rounds", defaultValue = "20") int rounds,
      @ConfigProperty(name = "manifest-guard.warmup.max-time", defaultValue = "2s")
          Duration maxTime) {
    this.handler = handler;
    this.warmup = warmup;
    this.rounds = rounds;
    this.maxTime = maxTime;
  }

  /** After the other start-up observers (the cluster caches start syncing first, in parallel). */
  void onStart(@Observes @Priority(5000) StartupEvent event) {
    run();
  }

  /** The reviews answered, and the same count in the log. */
  int run() {
    long start = System.nanoTime();
    int answered = 0;
    try {
      if (rounds > 0) {
        List<byte[]> bodies = load();
        long deadline = start + maxTime.toNanos();
        for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
          for (byte[] body : bodies) {
            handler.write(handler.rehearse(body).body());
            answered++;
          }
        }
      }
      LOG.infof(
          "Warm-up: %d synthetic reviews in %d ms before reporting ready",
          answered, (System.nanoTime() - start) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.warnf(e, "Warm-up stopped after %d synthetic reviews", answered);
    } finally {
      warmup.finished();
    }
    return answered;
  }

  private static List<byte[]> load() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String name : REVIEWS) {
      try (InputStream in =
          AdmissionWarmup.class.getClassLoader().getResourceAsStream("warmup/" + name + ".json")) {
        if (in == null) {
          throw new UncheckedIOException(new IOException("warmup/" + name + ".json is missing"));
        }
        out.add(in.readAllBytes());
      }
    }
    return out;
  }
}
