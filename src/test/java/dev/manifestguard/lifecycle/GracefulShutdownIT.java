package dev.manifestguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the packaged webhook while reviews stream in (application.properties: shutdown delay 3
 * s, timeout 10 s): readiness turns 503 first, reviews keep getting answered through the delay,
 * every review in flight finishes, later connections are refused (never answered in part), and the
 * JVM exits after an orderly shutdown.
 */
class GracefulShutdownIT {
  static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(3);
  static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  @TempDir Path tmp;

  /** A readiness probe: sent at {@code nanos}, answered at {@code answeredNanos}. */
  record Probe(long nanos, long answeredNanos, int status) {}

  @Test
  @DisplayName(
      "SIGTERM under load: not ready first, in-flight reviews answered whole, then refused, orderly exit")
  void sigtermUnderLoad() throws Exception {
    Mix mix = new Mix();
    try (WebhookJar jar = WebhookJar.start(tmp, Map.of())) {
      List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean probing = new AtomicBoolean(true);
      Thread prober =
          new Thread(
              () -> {
                while (probing.get()) {
                  long t = System.nanoTime();
                  int status;
                  try {
                    OneShot.Result r =
                        OneShot.exchange(jar.httpPort, false, "GET", "/q/health/ready", null);
                    status = r.outcome() == OneShot.Outcome.COMPLETE ? r.status() : -1;
                  } catch (IOException e) {
                    status = -1;
                  }
                  probes.add(new Probe(t, System.nanoTime(), status));
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "readiness-probe");
      prober.setDaemon(true);
      prober.start();

      // Three senders rotate through the mix over HTTPS, a fourth sends only the 200-container
      // Rollout.
      Stream stream = new Stream(mix, jar.httpsPort, true, 4, mix.items.get("rollout-200c"), 0);
      long sigterm;
      boolean exited;
      try {
        awaitAnswers(stream, 40);
        sigterm = System.nanoTime();
        jar.process.destroy(); // SIGTERM
        exited =
            jar.process.waitFor(
                TimeUnit.NANOSECONDS.toSeconds(DELAY_NANOS + TIMEOUT_NANOS) + 15, TimeUnit.SECONDS);
        Thread.sleep(500); // a few more attempts against the closed port
      } finally {
        stream.stop();
        probing.set(false);
        prober.join(10_000);
      }
      long exitedAt = System.nanoTime();
      assertThat(exited).as("exited after SIGTERM; log:\n%s", jar.logText()).isTrue();
      // The JVM's code for an orderly exit on SIGTERM (128 + 15): shutdown hooks ran to the end.
      assertThat(jar.process.exitValue()).as(jar.logText()).isEqualTo(143);
      assertThat(jar.logText())
          .contains("manifest-guard stopped in")
          .doesNotContain("Timed out waiting for");

      List<Stream.Sent> sent = stream.sent();
      Map<OneShot.Outcome, Integer> counts = new EnumMap<>(OneShot.Outcome.class);
      sent.forEach(s -> counts.merge(s.result().outcome(), 1, Integer::sum));
      System.out.printf(
          "graceful shutdown: %d reviews, %s, exit %d, exited %d ms after SIGTERM%n",
          sent.size(), counts, jar.process.exitValue(), (exitedAt - sigterm) / 1_000_000);
      sent.stream()
          .filter(s -> !s.result().ok() && s.result().outcome() != OneShot.Outcome.REFUSED)
          .forEach(
              s ->
                  System.out.printf(
                      "  %+d..%+d ms after SIGTERM: %s%n",
                      (s.startNanos() - sigterm) / 1_000_000,
                      (s.endNanos() - sigterm) / 1_000_000,
                      s));
      sent.stream()
          .filter(s -> s.result().outcome() == OneShot.Outcome.REFUSED)
          .findFirst()
          .ifPresent(
              s ->
                  System.out.printf(
                      "  first refused %+d ms after SIGTERM%n",
                      (s.startNanos() - sigterm) / 1_000_000));

      // Readiness: 200 before SIGTERM, 503 after, and the first 503 comes before any review is
      // turned away.
      long firstNotReady =
          probes.stream()
              .filter(p -> p.nanos() > sigterm && p.status() == 503)
              .mapToLong(Probe::nanos)
              .min()
              .orElseThrow(() -> new AssertionError("readiness never answered 503"));
      // Answered before SIGTERM, not merely sent: under load a probe sent just before it can be
      // answered after it.
      assertThat(probes.stream().filter(p -> p.answeredNanos() < sigterm))
          .allMatch(p -> p.status() == 200);
      long firstTurnedAway =
          sent.stream()
              .filter(s -> !s.result().ok())
              .mapToLong(Stream.Sent::startNanos)
              .min()
              .orElse(Long.MAX_VALUE);
      assertThat(firstNotReady)
          .as("readiness 503 before the first review is turned away")
          .isLessThan(firstTurnedAway);

      for (Stream.Sent s : sent) {
        OneShot.Result r = s.result();
        // Never half-answered: a whole answer, or not a single byte of one.
        assertThat(r.outcome()).as(s.toString()).isNotEqualTo(OneShot.Outcome.PARTIAL);
        if (r.outcome() == OneShot.Outcome.COMPLETE && r.status() == 200) {
          assertThat(Mix.response(s.item(), r)).as("a whole AdmissionReview for %s", s).isNotNull();
          assertThat(Mix.response(s.item(), r).path("allowed").asBoolean())
              .as(s.toString())
              .isEqualTo(s.item().allowed());
        } else {
          // Turned away only once readiness is down and the delay is mostly over: the connection
          // refused, or
          // closed before its request was handled (one made just as the delay ended), or a whole
          // 503.
          assertThat(s.startNanos())
              .as("turned away before the end of the delay: %s", s)
              .isGreaterThan(Math.max(firstNotReady, sigterm + DELAY_NANOS / 2));
          assertThat(r.status()).as(s.toString()).isIn(0, 503);
        }
      }
      // In flight at SIGTERM, or sent during the first part of the delay (the Service still routing
      // here): answered.
      assertThat(sent.stream().filter(s -> s.startNanos() < sigterm + DELAY_NANOS / 2))
          .as("reviews sent before SIGTERM or early in the delay")
          .allMatch(s -> s.result().ok());
      assertThat(sent.stream().filter(s -> s.startNanos() < sigterm && s.endNanos() > sigterm))
          .as("reviews in flight at SIGTERM")
          .isNotEmpty();
      assertThat(sent.stream().filter(s -> s.startNanos() > sigterm && s.result().ok()))
          .as("reviews answered during the delay")
          .isNotEmpty();
      assertThat(sent.stream().filter(s -> s.startNanos() > exitedAt - 400_000_000L))
          .as("connections after the exit")
          .isNotEmpty()
          .allMatch(s -> s.result().outcome() == OneShot.Outcome.REFUSED);
    }
  }

  static void awaitAnswers(Stream stream, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stream.sent().stream().filter(s -> s.result().ok()).count() < n) {
      assertThat(System.nanoTime())
          .as("%d answers within 60 s; so far %s", n, stream.sent())
          .isLessThan(deadline);
      assertThat(stream.sent()).as("answers before SIGTERM").allMatch(s -> s.result().ok());
      Thread.sleep(50);
    }
  }
}
