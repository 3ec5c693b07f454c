package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.LiveSnapshot;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.model.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bundle rules against a cluster read into slim stores (the webhook's caches keep the same
 * shapes): what the rules need survives the slimming, the rest does not.
 */
@EnableKubernetesMockClient(crud = true)
class BundleRulesCacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  KubernetesClient client; // set by the extension: a fresh mock API server in CRUD mode per test

  private void create(String group, String plural, String kind, String json) throws Exception {
    GenericKubernetesResource r = Serialization.unmarshal(json, GenericKubernetesResource.class);
    client
        .genericKubernetesResources(
            new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion("v1")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build())
        .inNamespace("shop")
        .resource(r)
        .create();
  }

  @Test
  @DisplayName(
      "a cached Deployment keeps template labels, port names and requested resource names, and no"
          + " image, env or quantity")
  void slimWorkload() throws Exception {
    create(
        "apps",
        "deployments",
        "Deployment",
        """
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "api", "namespace": "shop", "labels": {"team": "a"}},
         "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "api"}},
          "template": {"metadata": {"labels": {"app": "api"}},
           "spec": {"containers": [{"name": "api", "image": "registry.example.com/api:1",
             "env": [{"name": "TOKEN", "value": "s3cr3t"}],
             "ports": [{"name": "http", "containerPort": 8080}],
             "resources": {"requests": {"cpu": "250m"}}}]}}}}
        """);
    ClusterState state = LiveSnapshot.read(client);
    List<JsonNode> list = state.list("apps", "Deployment", "shop");
    assertThat(list).hasSize(1);
    JsonNode d = list.get(0);
    JsonNode c = d.at("/spec/template/spec/containers/0");
    assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(d.at("/spec/template/metadata/labels/app").asText()).isEqualTo("api");
    assertThat(c.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(c.at("/resources/requests").has("cpu")).isTrue();
    assertThat(c.at("/resources/requests/cpu").asText()).isEmpty();
    assertThat(c.has("image")).isFalse();
    assertThat(c.has("env")).isFalse();
    assertThat(d.toString()).doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName(
      "Service, HPA and PDB rules judge against the slim cache: matched, unmatched, missing port"
          + " name, missing request, blocking budget")
  void rulesOnSlimCache() throws Exception {
    create(
        "apps",
        "deployments",
        "Deployment",
        """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api", "namespace": "shop"},
         "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "api"}},
          "template": {"metadata": {"labels": {"app": "api"}},
           "spec": {"containers": [{"name": "api", "image": "api:1",
             "ports": [{"name": "http", "containerPort": 8080}]}]}}}}
        """);
    ClusterState cluster = LiveSnapshot.read(client);
    assertThat(
            findings(
                cluster,
                """
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api", "namespace": "shop"},
                 "spec": {"selector": {"app": "api"}, "ports": [{"port": 80, "targetPort": "http"},
                   {"port": 9090, "targetPort": "metrics"}]}}
                """))
        .containsExactly(
            "warn service-selector-matches-nothing spec.ports[1].targetPort: no container of"
                + " Deployment \"api\" declares a port named \"metrics\"; name the containerPort"
                + " \"metrics\" or use the port number.");
    assertThat(
            findings(
                cluster,
                """
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "apl", "namespace": "shop"},
                 "spec": {"selector": {"app": "apl"}, "ports": [{"port": 80}]}}
                """))
        .containsExactly(
            "warn service-selector-matches-nothing spec.selector: no pod template matches the"
                + " selector app=apl in namespace \"shop\"; the Service would have no endpoints:"
                + " correct the selector or the pod template's labels.");
    assertThat(
            findings(
                cluster,
                """
                {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                 "metadata": {"name": "api", "namespace": "shop"},
                 "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"},
                  "maxReplicas": 4}}
                """))
        .containsExactly(
            "warn hpa-target-missing spec: container \"api\" of Deployment \"api\" has no cpu"
                + " request, so the autoscaler cannot compute cpu utilization; set"
                + " resources.requests.cpu.");
    assertThat(
            findings(
                cluster,
                """
                {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                 "metadata": {"name": "api", "namespace": "shop"},
                 "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "api"}}}}
                """))
        .hasSize(1)
        .allMatch(f -> f.startsWith("warn pdb-selector-matches-nothing spec.minAvailable"));
  }

  private static List<String> findings(ClusterState cluster, String json) throws Exception {
    Manifest m = Manifest.of(JSON.readTree(json), "shop");
    Map<String, Action> actions = new HashMap<>();
    for (String r :
        List.of(
            "service-selector-matches-nothing",
            "hpa-target-missing",
            "pdb-selector-matches-nothing")) {
      actions.put(r, Action.WARN);
    }
    Policy policy =
        new Policy(
            actions, new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    return RuleFixtures.ENGINE.evaluate(Review.offline(m), policy, cluster).stream()
        .filter(f -> actions.containsKey(f.rule()))
        .map(BundleRulesCacheTest::line)
        .toList();
  }

  private static String line(Finding f) {
    return f.action().id() + " " + f.rule() + " " + f.path() + ": " + f.message();
  }
}
