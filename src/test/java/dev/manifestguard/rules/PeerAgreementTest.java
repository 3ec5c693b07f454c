package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.cluster.ManifestClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.model.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Where one of our rules means the same as a peer tool's check, we agree with the peer's own
 * pass/fail fixtures (../shared/corpus/peer-fixtures). A peer check maps to our rule and, for the
 * rules that bundle several controls, to the control the check is about (the Pod Security findings
 * start with the control's name): a "fail" case must get at least one such finding, a "pass" case
 * none. Checks mapped to rules that are not in the registry yet are listed and left out of the
 * percentage.
 */
class PeerAgreementTest {
  private static final Path PEERS = Path.of("..", "shared", "corpus", "peer-fixtures");

  /**
   * Our rule(s) for a peer check, the message prefix or fragment that names the control ("" = any
   * finding), and whether bare Pods are judged as a Deployment's template: Kyverno generates its
   * Pod rules for every pod controller, while {@code probe-missing} deliberately judges only
   * long-running controllers, not bare Pods.
   */
  private record Mapping(List<String> rules, String control, boolean podAsDeployment) {
    static Mapping of(String rule, String control) {
      return new Mapping(List.of(rule), control, false);
    }
  }

  private static final Map<String, Mapping> MAPPINGS = new LinkedHashMap<>();

  static {
    String baseline = "pod-security-baseline";
    String restricted = "pod-security-restricted";
    MAPPINGS.put(
        "kyverno/disallow-privileged-containers", Mapping.of(baseline, "Privileged Containers:"));
    MAPPINGS.put("kyverno/disallow-host-namespaces", Mapping.of(baseline, "Host Namespaces:"));
    MAPPINGS.put("kyverno/disallow-host-path", Mapping.of(baseline, "HostPath Volumes:"));
    MAPPINGS.put("kyverno/disallow-host-ports", Mapping.of(baseline, "Host Ports:"));
    MAPPINGS.put("kyverno/disallow-host-process", Mapping.of(baseline, "HostProcess:"));
    MAPPINGS.put("kyverno/disallow-capabilities", Mapping.of(baseline, "Capabilities:"));
    MAPPINGS.put("kyverno/disallow-capabilities-strict", Mapping.of(restricted, "Capabilities:"));
    // The Kyverno policy has two rules; the fixture's notes say which one a verdict is about.
    MAPPINGS.put(
        "kyverno/disallow-capabilities-strict#require-drop-all",
        Mapping.of(restricted, "does not drop ALL capabilities"));
    MAPPINGS.put(
        "kyverno/disallow-capabilities-strict#adding-capabilities-strict",
        Mapping.of(restricted, "allows adding only NET_BIND_SERVICE"));
    MAPPINGS.put(
        "kyverno/disallow-privilege-escalation", Mapping.of(restricted, "Privilege Escalation:"));
    MAPPINGS.put("kyverno/require-run-as-nonroot", Mapping.of(restricted, "Running as Non-root:"));
    MAPPINGS.put("kyverno/disallow-latest-tag", Mapping.of("image-tag-mutable", ""));
    MAPPINGS.put("polaris/tagNotSpecified", Mapping.of("image-tag-mutable", ""));
    // rbac-wildcard covers verbs, resources and apiGroups; each Kyverno policy covers one of them.
    MAPPINGS.put("kyverno/restrict-wildcard-verbs", Mapping.of("rbac-wildcard", "\"*\" in verbs"));
    MAPPINGS.put(
        "kyverno/restrict-wildcard-resources", Mapping.of("rbac-wildcard", "\"*\" in resources"));
    MAPPINGS.put(
        "kyverno/restrict-escalation-verbs-roles", Mapping.of("rbac-escalation-verbs", ""));
    MAPPINGS.put(
        "kyverno/require-pod-requests-limits",
        new Mapping(List.of("resource-requests-missing", "resource-limits-missing"), "", false));
    // Our rule reports cpu and memory in one finding; Polaris has one check per resource.
    MAPPINGS.put(
        "polaris/cpuRequestsMissing", Mapping.of("resource-requests-missing", "has no cpu"));
    MAPPINGS.put(
        "polaris/memoryRequestsMissing", Mapping.of("resource-requests-missing", "memory request"));
    MAPPINGS.put("polaris/memoryLimitsMissing", Mapping.of("resource-limits-missing", ""));
    MAPPINGS.put("kyverno/require-probes", new Mapping(List.of("probe-missing"), "", true));
    MAPPINGS.put(
        "polaris/readinessProbeMissing",
        new Mapping(List.of("probe-missing"), "readinessProbe", true));
    MAPPINGS.put("polaris/runAsPrivileged", Mapping.of(baseline, "Privileged Containers:"));
    MAPPINGS.put("polaris/hostIPCSet", Mapping.of(baseline, "sets hostIPC=true"));
    MAPPINGS.put("polaris/hostPIDSet", Mapping.of(baseline, "sets hostPID=true"));
    MAPPINGS.put("polaris/hostNetworkSet", Mapping.of(baseline, "sets hostNetwork=true"));
    MAPPINGS.put("polaris/hostPortSet", Mapping.of(baseline, "Host Ports:"));
    MAPPINGS.put("polaris/hostProcess", Mapping.of(baseline, "HostProcess:"));
    MAPPINGS.put("polaris/sensitiveContainerEnvVar", Mapping.of("secret-in-env", ""));
    MAPPINGS.put("polaris/sensitiveConfigmapContent", Mapping.of("secret-in-env", ""));
  }

  /** Cases where we disagree with the peer on purpose, and why. */
  private static final Map<String, String> INTENTIONAL = new TreeMap<>();

  static {
    String narrowNames =
        "secret-in-env matches only names ending in a credential word; a bare KEY suffix "
            + "(CACHE_KEY, PARTITION_KEY) or a KEY_CONTENT suffix is too often not a secret";
    INTENTIONAL.put(
        "polaris/sensitiveConfigmapContent/fail/failure.key_azure_batch_key.yaml", narrowNames);
    INTENTIONAL.put(
        "polaris/sensitiveConfigmapContent/fail/failure.key_oci_cli_key_content.yaml", narrowNames);
    String bothProbes =
        "probe-missing wants both a readinessProbe and a livenessProbe (RULES.md), Kyverno any one "
            + "of readiness, liveness or startup";
    INTENTIONAL.put(
        "kyverno/restrict-escalation-verbs-roles/pass/clusterrole-goodclusterrole01.yaml",
        "RULES.md makes cluster-wide read access to secrets an escalation finding; Kyverno's policy only looks at "
            + "escalate, bind and impersonate");
    INTENTIONAL.put(
        "kyverno/require-probes/pass/pod-goodpod03.yaml",
        bothProbes + " (this one has readiness only)");
    INTENTIONAL.put(
        "kyverno/require-probes/pass/pod-goodpod04.yaml",
        bothProbes + " (this one has startup only)");
  }

  record Verdict(String file, String check, boolean expectFail, boolean weFail, List<String> hits) {
    boolean agrees() {
      return expectFail == weFail;
    }
  }

  @Test
  @DisplayName(
      "agrees with Kyverno and Polaris fixtures on at least 95% of the cases our rules cover")
  void agreement() throws IOException {
    List<String> rows = Files.readAllLines(PEERS.resolve("manifest.tsv"));
    Map<String, Integer> notImplemented = new TreeMap<>();
    List<Verdict> verdicts = new ArrayList<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t", -1);
      if (f.length < 4 || !(f[3].equals("pass") || f[3].equals("fail"))) {
        continue;
      }
      String check = f[1] + "/" + f[2];
      String peerRule =
          f.length > 5 && f[5].startsWith("rules=") ? f[5].substring("rules=".length()).trim() : "";
      Mapping m = MAPPINGS.getOrDefault(check + "#" + peerRule, MAPPINGS.get(check));
      if (m == null) {
        continue;
      }
      if (m.rules().stream().anyMatch(r -> RuleFixtures.REGISTRY.get(r) == null)) {
        notImplemented.merge(check + " -> " + String.join("/", m.rules()), 1, Integer::sum);
        continue;
      }
      verdicts.add(judge(f[0], check, f[3].equals("fail"), m));
    }

    List<Verdict> disagreements = verdicts.stream().filter(v -> !v.agrees()).toList();
    long agreed = verdicts.size() - disagreements.size();
    double pct = verdicts.isEmpty() ? 100 : 100.0 * agreed / verdicts.size();
    StringBuilder report =
        new StringBuilder(
            String.format("peer agreement: %d/%d = %.1f%%%n", agreed, verdicts.size(), pct));
    Map<String, int[]> perCheck = new TreeMap<>();
    for (Verdict v : verdicts) {
      int[] c = perCheck.computeIfAbsent(v.check(), k -> new int[2]);
      c[0] += v.agrees() ? 1 : 0;
      c[1]++;
    }
    perCheck.forEach((k, c) -> report.append(String.format("  %-45s %d/%d%n", k, c[0], c[1])));
    for (Verdict v : disagreements) {
      report
          .append("  disagree ")
          .append(v.file())
          .append(" (peer ")
          .append(v.expectFail() ? "fail" : "pass")
          .append(", ours ")
          .append(v.hits())
          .append(")")
          .append(
              INTENTIONAL.containsKey(v.file())
                  ? " intentional: " + INTENTIONAL.get(v.file())
                  : " UNEXPLAINED")
          .append('\n');
    }
    notImplemented.forEach(
        (k, n) ->
            report
                .append("  not implemented yet: ")
                .append(k)
                .append(" (")
                .append(n)
                .append(" cases)\n"));
    System.out.print(report);

    assertThat(verdicts).as("mapped cases judged").isNotEmpty();
    assertThat(pct).as(report.toString()).isGreaterThanOrEqualTo(95.0);
    List<String> stale = new ArrayList<>(INTENTIONAL.keySet());
    stale.removeAll(disagreements.stream().map(Verdict::file).toList());
    stale.removeIf(file -> verdicts.stream().noneMatch(v -> v.file().equals(file)));
    assertThat(stale)
        .as("intentional disagreements that now agree: remove them from the table")
        .isEmpty();
    assertThat(
            disagreements.stream()
                .map(Verdict::file)
                .filter(file -> !INTENTIONAL.containsKey(file))
                .toList())
        .as("disagreements without a reason in INTENTIONAL\n" + report)
        .isEmpty();
  }

  private static Verdict judge(String file, String check, boolean expectFail, Mapping m)
      throws IOException {
    LoadedSource src = RuleFixtures.LOADER.load(file, Files.readString(PEERS.resolve(file)));
    List<Manifest> objects = new ArrayList<>();
    for (Manifest man : src.manifests()) {
      objects.add(
          m.podAsDeployment() && man.kind().equals("Pod") && man.apiVersion().equals("v1")
              ? asDeployment(man)
              : man);
    }
    Map<String, Action> actions = new HashMap<>();
    for (String rule : m.rules()) {
      RuleMeta meta = RuleFixtures.REGISTRY.get(rule).meta();
      actions.put(rule, meta.defaultAction() == Action.OFF ? Action.WARN : meta.defaultAction());
    }
    // Peer fixtures are judged wherever they say they live: no namespace is excluded.
    Policy policy =
        new Policy(
            actions, new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    ManifestClusterState state = new ManifestClusterState(objects, false, null);
    List<String> hits = new ArrayList<>();
    for (Manifest man : objects) {
      for (Finding f : RuleFixtures.ENGINE.evaluate(Review.offline(man), policy, state)) {
        if (m.rules().contains(f.rule())
            && f.action() != Action.OFF
            && f.message().contains(m.control())) {
          hits.add(f.rule() + " " + f.path());
        }
      }
    }
    return new Verdict(file, check, expectFail, !hits.isEmpty(), hits);
  }

  /**
   * The Pod's metadata and spec as the template of a Deployment, as a pod controller would carry
   * them.
   */
  private static Manifest asDeployment(Manifest pod) {
    ObjectNode d = pod.object().deepCopy();
    ObjectNode out = d.objectNode();
    out.put("apiVersion", "apps/v1");
    out.put("kind", "Deployment");
    out.set("metadata", d.path("metadata").deepCopy());
    ObjectNode template = out.putObject("spec").putObject("template");
    template.set("metadata", d.path("metadata").deepCopy());
    template.set("spec", d.path("spec"));
    return Manifest.of(out, pod.ref().namespace());
  }
}
