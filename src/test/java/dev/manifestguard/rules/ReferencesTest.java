package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.model.Manifest;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The reference semantics in the webhook, where the fixtures (which run as the CLI) cannot go. */
class ReferencesTest {
  private static final RuleEngine ENGINE = new RuleEngine(AllRules.registry());
  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "builder", "namespace": "ci"},
       "spec": {"template": {"spec": {"serviceAccountName": "builder",
         "containers": [{"name": "b", "image": "registry.example.com/b:1"}]}}}}""";

  /** A cluster whose every lookup answers the same. */
  private record Fixed(boolean known, ClusterState.Presence answer) implements ClusterState {
    @Override
    public boolean isKnown() {
      return known;
    }

    @Override
    public Presence presence(String group, String kind, String namespace, String name) {
      return answer;
    }

    @Override
    public List<JsonNode> list(String group, String kind, String namespace) {
      return List.of();
    }
  }

  private static List<String> findings(ClusterState cluster, boolean dryRun) throws Exception {
    JsonNode obj = new ObjectMapper().readTree(DEPLOYMENT);
    Review review = Review.admission(Manifest.of(obj, "ci"), null, dryRun, "alice");
    return ENGINE.evaluate(review, Policy.DEFAULT, cluster).stream()
        .filter(f -> f.rule().equals("rbac-serviceaccount-missing"))
        .map(Finding::action)
        .map(a -> a.id())
        .toList();
  }

  @Nested
  @DisplayName("in the webhook")
  class Webhook {
    @Test
    @DisplayName("with no cluster configured, reference rules stay silent")
    void silentWithoutCluster() throws Exception {
      assertThat(findings(NoClusterState.INSTANCE, false)).isEmpty();
    }

    @Test
    @DisplayName("a miss confirmed by the API server is a deny")
    void confirmedMissDenies() throws Exception {
      assertThat(findings(new Fixed(true, ClusterState.Presence.ABSENT), false))
          .containsExactly("deny");
    }

    @Test
    @DisplayName("a miss the API server could not confirm is only a warn")
    void unconfirmedMissWarns() throws Exception {
      assertThat(findings(new Fixed(true, ClusterState.Presence.UNKNOWN), false))
          .containsExactly("warn");
    }

    @Test
    @DisplayName("a dry-run request downgrades a confirmed miss to a warn")
    void dryRunWarns() throws Exception {
      assertThat(findings(new Fixed(true, ClusterState.Presence.ABSENT), true))
          .containsExactly("warn");
    }

    @Test
    @DisplayName("an object that exists is no finding")
    void presentIsFine() throws Exception {
      assertThat(findings(new Fixed(true, ClusterState.Presence.PRESENT), false)).isEmpty();
    }
  }
}
