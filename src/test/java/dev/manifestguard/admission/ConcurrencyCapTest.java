package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.ClusterStateSource;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.metrics.AdmissionMetrics;
import dev.manifestguard.webhook.PolicyHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Beyond the configured number of reviews in evaluation, the next one is answered 503 at once. */
class ConcurrencyCapTest {
  /** The webhook's source when no cluster is configured: no state, ready at once. */
  private static final ClusterStateSource NO_CLUSTER =
      new ClusterStateSource() {
        @Override
        public ClusterState state() {
          return NoClusterState.INSTANCE;
        }

        @Override
        public boolean ready() {
          return true;
        }
      };

  /** A rule that holds the evaluation until released. */
  static final class HoldingRule implements Rule {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public RuleMeta meta() {
      return RuleMeta.of(
          "test-holding-rule",
          Category.SCHEMA,
          Action.WARN,
          List.of("*"),
          "Holds the evaluation.",
          "Nothing to do.");
    }

    @Override
    public void check(RuleContext ctx, Findings out) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName(
      "with max-concurrent 1, a second review while one is evaluated gets a fast 503 with a JSON error")
  void capped() throws Exception {
    HoldingRule rule = new HoldingRule();
    RuleRegistry registry = new RuleRegistry(List.of(rule));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    PolicyHolder policies =
        new PolicyHolder("/nonexistent/policy.yaml", Duration.ofSeconds(2), registry, meters);
    AdmissionHandler handler =
        new AdmissionHandler(
            new RuleEngine(registry),
            policies,
            NO_CLUSTER,
            new AdmissionMetrics(meters, NO_CLUSTER),
            1);
    byte[] body = Reviews.own("pod-create-v1beta1.json").getBytes(StandardCharsets.UTF_8);

    CompletableFuture<AdmissionHandler.Answer> first =
        CompletableFuture.supplyAsync(() -> handler.handle("application/json", body));
    assertThat(rule.entered.await(10, TimeUnit.SECONDS)).isTrue();
    // "At once" means without waiting for a slot: the answer comes while the first review still
    // holds the only one (a queued review would block here until the holding rule gives up).
    AdmissionHandler.Answer second = handler.handle("application/json", body);
    assertThat(first).isNotDone();
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.body().path("error").asText())
        .contains("manifest-guard.admission.max-concurrent");

    rule.release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(handler.handle("application/json", body).status()).isEqualTo(200);
    assertThat(
            meters
                .get("manifest_guard.admission.requests")
                .tag("decision", "overloaded")
                .counter()
                .count())
        .isEqualTo(1.0);
  }
}
