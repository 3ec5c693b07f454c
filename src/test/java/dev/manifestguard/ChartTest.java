package dev.manifestguard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.manifestguard.cluster.WatchedKind;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.model.IpPoolKinds;
import dev.manifestguard.model.IpPoolKinds.PoolKind;
import dev.manifestguard.rules.AllRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart grants and routes what the code needs: its ClusterRole lets the webhook read
 * exactly the kinds the cluster caches watch, and its webhook configuration sends every kind a rule
 * judges. Read from the templates as text, with the template directives taken out.
 */
class ChartTest {
  private static final Path TEMPLATES = Path.of("helm", "manifest-guard", "templates");
  private static final Pattern TEMPLATE_COMMENT =
      Pattern.compile("\\{\\{-?\\s*/\\*.*?\\*/\\s*-?}}", Pattern.DOTALL);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * The API group of each built-in or well-known kind a rule names (pool kinds come from
   * IpPoolKinds).
   */
  private static final Map<String, String> GROUPS =
      Map.ofEntries(
          Map.entry("Pod", ""),
          Map.entry("PodTemplate", ""),
          Map.entry("ReplicationController", ""),
          Map.entry("Service", ""),
          Map.entry("ConfigMap", ""),
          Map.entry("Secret", ""),
          Map.entry("Ingress", "networking.k8s.io"),
          Map.entry("HTTPRoute", "gateway.networking.k8s.io"),
          Map.entry("HorizontalPodAutoscaler", "autoscaling"),
          Map.entry("PodDisruptionBudget", "policy"),
          Map.entry("PersistentVolumeClaim", ""),
          Map.entry("PersistentVolume", ""),
          Map.entry("LimitRange", ""),
          Map.entry("ResourceQuota", ""),
          Map.entry("Node", ""),
          Map.entry("Deployment", "apps"),
          Map.entry("ReplicaSet", "apps"),
          Map.entry("StatefulSet", "apps"),
          Map.entry("DaemonSet", "apps"),
          Map.entry("Job", "batch"),
          Map.entry("CronJob", "batch"),
          Map.entry("Role", "rbac.authorization.k8s.io"),
          Map.entry("ClusterRole", "rbac.authorization.k8s.io"),
          Map.entry("RoleBinding", "rbac.authorization.k8s.io"),
          Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io"),
          Map.entry("StorageClass", "storage.k8s.io"),
          Map.entry("NetworkPolicy", "networking.k8s.io"),
          Map.entry("ServiceCIDR", "networking.k8s.io"),
          Map.entry("Cluster", "cluster.x-k8s.io"));

  /** Kinds the rules read from files only: configuration documents that no apiserver serves. */
  private static final Set<String> FILES_ONLY = Set.of("ClusterConfiguration");

  /**
   * Kinds a rule judges that the chart does not route yet, with why; the CLI still judges them.
   * Found by this test (issue #15): topology-not-allowed reads a PersistentVolume's nodeAffinity,
   * but PersistentVolumes are created by provisioners and are cluster-scoped (no namespaceSelector
   * spares them), so routing them needs a decision on the failure policy first. {@link
   * #knownGapsAreStillGaps} fails once the chart routes one, so it leaves this list.
   */
  private static final Set<String> NOT_ROUTED_YET = Set.of("/persistentvolumes");

  /**
   * Kinds a rule judges only in the CLI, by design: configmap-embedded-invalid reads a Secret's
   * stringData, which the apiserver folds into data before any webhook sees the object, so routing
   * Secrets would only send their contents to the webhook for nothing.
   */
  private static final Set<String> CLI_ONLY = Set.of("/secrets");

  @Test
  @DisplayName(
      "the ClusterRole grants get, list and watch on every kind the caches watch, and nothing else")
  void clusterRoleMatchesWatchedKinds() throws IOException {
    Set<String> watched = new TreeSet<>();
    List<WatchedKind> kinds = new ArrayList<>(WatchedKind.CORE);
    kinds.addAll(WatchedKind.SERVICE_CIDR);
    kinds.add(WatchedKind.CRD);
    for (WatchedKind k : kinds) {
      watched.add(k.group() + "/" + k.plural());
    }
    for (String crd : WatchedKind.IP_POOL_CRDS) {
      int dot = crd.indexOf('.');
      watched.add(crd.substring(dot + 1) + "/" + crd.substring(0, dot));
    }
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : document("clusterrole.yaml", "ClusterRole").path("rules")) {
      Set<String> verbs = texts(rule.path("verbs"));
      assertThat(verbs).as("verbs of " + rule).containsExactlyInAnyOrder("get", "list", "watch");
      for (String group : texts(rule.path("apiGroups"))) {
        for (String resource : texts(rule.path("resources"))) {
          granted.add(group + "/" + resource);
        }
      }
    }
    assertThat(granted).as("group/resource granted by the ClusterRole").isEqualTo(watched);
  }

  @Test
  @DisplayName("the webhook configuration routes CREATE and UPDATE of every kind a rule names")
  void webhookRoutesEveryKindTheRulesJudge() throws IOException {
    Set<String> routed = routed();
    Set<String> judged = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    for (Rule rule : AllRules.all()) {
      for (String kind : rule.meta().kinds()) {
        if (kind.equals("*") || FILES_ONLY.contains(kind)) {
          continue;
        }
        List<PoolKind> pools = IpPoolKinds.ALL.stream().filter(p -> p.kind().equals(kind)).toList();
        String[] groupAndKind = kind.split(" ");
        if (groupAndKind.length == 2) { // a custom kind named with its group: "argoproj.io Rollout"
          judged.add(groupAndKind[0] + "/" + plural(groupAndKind[1]));
        } else if (!pools.isEmpty()) {
          pools.forEach(p -> judged.add(p.group() + "/" + p.plural()));
        } else if (GROUPS.containsKey(kind)) {
          judged.add(GROUPS.get(kind) + "/" + plural(kind));
        } else {
          unknown.add(rule.meta().id() + ": " + kind);
        }
      }
    }
    assertThat(unknown)
        .as("kinds named by rules whose API group this test does not know (add them to GROUPS)")
        .isEmpty();
    judged.removeAll(NOT_ROUTED_YET);
    judged.removeAll(CLI_ONLY);
    assertThat(routed).as("group/resource routed to the webhook").containsAll(judged);
  }

  @Test
  @DisplayName("every kind listed as not routed yet is still not routed")
  void knownGapsAreStillGaps() throws IOException {
    assertThat(routed())
        .as("routed now: remove from NOT_ROUTED_YET")
        .doesNotContainAnyElementsOf(NOT_ROUTED_YET);
    assertThat(routed()).as("CLI-only kinds routed").doesNotContainAnyElementsOf(CLI_ONLY);
  }

  /** group/resource of every rule of the webhook configuration that matches CREATE and UPDATE. */
  private static Set<String> routed() throws IOException {
    Set<String> routed = new TreeSet<>();
    for (JsonNode webhook :
        document("webhook.yaml", "ValidatingWebhookConfiguration").path("webhooks")) {
      for (JsonNode rule : webhook.path("rules")) {
        if (!texts(rule.path("operations")).containsAll(Set.of("CREATE", "UPDATE"))) {
          continue;
        }
        for (String group : texts(rule.path("apiGroups"))) {
          for (String resource : texts(rule.path("resources"))) {
            routed.add(group + "/" + resource);
          }
        }
      }
    }
    return routed;
  }

  private static String plural(String kind) {
    String lower = kind.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith("y")) {
      return lower.substring(0, lower.length() - 1) + "ies";
    }
    return lower.endsWith("s") ? lower + "es" : lower + "s";
  }

  /**
   * The document of a kind in a template, with Helm's comments and every line holding a directive
   * removed.
   */
  private static JsonNode document(String template, String kind) throws IOException {
    String text =
        TEMPLATE_COMMENT.matcher(Files.readString(TEMPLATES.resolve(template))).replaceAll("");
    StringBuilder yaml = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.contains("{{")) {
        yaml.append(line).append('\n');
      }
    }
    for (String doc : yaml.toString().split("(?m)^---\\s*$")) {
      JsonNode node = YAML.readTree(doc);
      if (node != null && kind.equals(node.path("kind").asText())) {
        return node;
      }
    }
    throw new AssertionError("no " + kind + " in " + template);
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
