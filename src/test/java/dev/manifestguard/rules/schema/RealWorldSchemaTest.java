package dev.manifestguard.rules.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import dev.manifestguard.rules.AllRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The false-positive corpus: real manifests from well-known projects, each project checked as one
 * bundle (so its own CRDs define its custom kinds). A schema-invalid deny there is either a bug in
 * our schema or a manifest the apiserver really refuses; the latter are listed below, each with the
 * reason.
 */
class RealWorldSchemaTest {
  private static final Path CORPUS = Path.of("..", "shared", "corpus", "real-world");

  private static final String NOT_AN_OBJECT =
      "not a Kubernetes manifest (an application config file kept next to "
          + "the manifests); kubectl apply refuses it too (apiVersion and kind not set)";
  private static final String CALICO_CRD =
      "apiextensions.k8s.io/v1beta1 CRD with a top-level \"description\", "
          + "which CustomResourceDefinition never had (kubectl's validation: unknown field \"description\")";
  private static final String TEMPLATE =
      "an unrendered template: {{...}} is a YAML map, not the value it stands for";

  /**
   * {@code file | kind/name | path} of every schema-invalid deny that is a true problem, with the
   * reason.
   */
  private static final Map<String, String> KNOWN_TRUE_PROBLEMS =
      Map.ofEntries(
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/felixconfigurations.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/bgppeers.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/bgpconfigurations.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/ippools.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/hostendpoints.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/clusterinformations.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/globalnetworkpolicies.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/globalnetworksets.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "calico/app-policy__config__install__05-calico.yaml | "
                  + "CustomResourceDefinition/networkpolicies.crd.projectcalico.org | description",
              CALICO_CRD),
          Map.entry(
              "kube-state-metrics/examples__prometheus-alerting-rules__alerts.yaml | / | ",
              NOT_AN_OBJECT + " (Prometheus alerting rules)"),
          Map.entry(
              "kubernetes-examples/databases__cassandra__image__files__cassandra.yaml | / | ",
              NOT_AN_OBJECT + " (cassandra.yaml server configuration)"),
          Map.entry(
              "kubernetes-examples/databases__cassandra__java__src__test__resources__cassandra.yaml | / | ",
              NOT_AN_OBJECT + " (cassandra.yaml test configuration)"),
          Map.entry(
              "prometheus-operator-examples/example__additional-scrape-configs__prometheus-additional.yaml | / | ",
              NOT_AN_OBJECT + " (Prometheus scrape config, meant to go into a Secret)"),
          Map.entry(
              "prometheus-operator-examples/example__user-guides__alerting__alertmanager.yaml | / | ",
              NOT_AN_OBJECT + " (Alertmanager configuration, meant to go into a Secret)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__newrelic-infrastructure__newrelic-config-template.yaml | "
                  + "Secret/newrelic-config | data.config",
              TEMPLATE + " (config: {{config_data}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__newrelic__newrelic-config-template.yaml | "
                  + "Secret/newrelic-config | data.config",
              TEMPLATE + " (config: {{config_data}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__storage__vitess__etcd-controller-template.yaml | "
                  + "ReplicationController/etcd-{{cell}} | spec.replicas",
              TEMPLATE + " (replicas: {{replicas}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__storage__vitess__etcd-controller-template.yaml | "
                  + "ReplicationController/etcd-{{cell}} | spec.template.metadata.labels.cell",
              TEMPLATE + " (cell: {{cell}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__storage__vitess__etcd-service-template.yaml | "
                  + "Service/etcd-{{cell}} | metadata.labels.cell",
              TEMPLATE + " (cell: {{cell}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__storage__vitess__etcd-service-template.yaml | "
                  + "Service/etcd-{{cell}} | spec.selector.cell",
              TEMPLATE + " (cell: {{cell}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__storage__vitess__vtgate-controller-template.yaml | "
                  + "ReplicationController/vtgate | spec.replicas",
              TEMPLATE + " (replicas: {{replicas}})"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__fibre_channel__fc.yaml | "
                  + "Pod/fibre-channel-example-pod | spec.volumes[0].fc.lun",
              "placeholder \"<ADD LUN ID Here>\" where FCVolumeSource.lun is an int32"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__rbd__rbd.yaml | Pod/rbd | spec.volumes[0].rbd.imageformat",
              "imageFormat is a parameter of the RBD StorageClass, not a field of RBDVolumeSource"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__rbd__rbd.yaml | Pod/rbd | spec.volumes[0].rbd.imagefeatures",
              "imageFeatures is a parameter of the RBD StorageClass, not a field of RBDVolumeSource"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__scaleio__pod.yaml | Pod/pod-0 | "
                  + "spec.volumes[0].scaleIO.protectionDoamin",
              "a typo of protectionDomain (our did-you-mean says so)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__storageos__storageos-pod.yaml | "
                  + "Pod/test-storageos-redis | spec.volumes[0].storageos.pool",
              "StorageOSVolumeSource has no pool (the pool is a StorageClass parameter)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__storageos__storageos-pv.yaml | PersistentVolume/pv0001 | "
                  + "spec.storageos.secretName",
              "StorageOSPersistentVolumeSource takes secretRef (an ObjectReference), "
                  + "not secretName"));

  @Test
  @DisplayName("the real-world corpus gives no schema-invalid deny on a valid object")
  void noFalseDenies() throws IOException {
    List<String> denies = new ArrayList<>();
    for (Map.Entry<String, List<LoadedSource>> project : projects().entrySet()) {
      for (BatchCheck.Checked c : check(project.getValue())) {
        for (Finding f : c.findings()) {
          if (f.rule().equals(SchemaInvalidRule.ID) && f.action() == Action.DENY) {
            denies.add(
                c.file() + " | " + f.object().kind() + "/" + f.object().name() + " | " + f.path());
          }
          if (f.rule().equals("kind-unknown") && System.getProperty("mg.dump") != null) {
            System.out.println(
                "KU "
                    + c.file()
                    + " | "
                    + f.object().apiVersion()
                    + " "
                    + f.object().kind()
                    + " | "
                    + f.message());
          }
        }
      }
    }
    assertThat(denies).containsExactlyInAnyOrderElementsOf(KNOWN_TRUE_PROBLEMS.keySet());
  }

  private static final String REPEATED =
      "a key really written twice in one mapping of an archived example (the second value silently "
          + "replaced the first in every reader that accepted it)";

  /**
   * {@code file | rule | message} of every manifest-unparseable and kind-unknown deny, all true
   * problems, with the reason.
   */
  private static final Map<String, String> KNOWN_SYNTAX_AND_KIND_PROBLEMS =
      Map.ofEntries(
          Map.entry(
              "kubernetes-examples-archived/_archived__openshift-origin__etcd-controller.yaml | "
                  + "manifest-unparseable | line 12, column 3: duplicate key \"selector\" in spec "
                  + "(first at line 6, column 3)",
              REPEATED + " (spec.selector, twice with the same value)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__openshift-origin__etcd-discovery-controller.yaml | "
                  + "manifest-unparseable | line 12, column 3: duplicate key \"selector\" in spec "
                  + "(first at line 6, column 3)",
              REPEATED + " (spec.selector)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__openshift-origin__openshift-controller.yaml | "
                  + "manifest-unparseable | line 12, column 3: duplicate key \"selector\" in spec "
                  + "(first at line 8, column 3)",
              REPEATED + " (spec.selector)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__persistent-volume-provisioning__quobyte__quobyte-admin-secret.yaml"
                  + " | manifest-unparseable | line 9, column 1: duplicate key \"type\" "
                  + "(first at line 5, column 1)",
              REPEATED + " (the Secret's type, quoted once and once not)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__volumes__scaleio__sc-pvc.yaml | "
                  + "manifest-unparseable | line 12, column 3: duplicate key \"storageClassName\" "
                  + "in spec (first at line 6, column 3)",
              REPEATED + " (spec.storageClassName)"),
          Map.entry(
              "kubernetes-examples-archived/_archived__cloud-controller-manager__persistent-volume-label-initializer-config.yaml"
                  + " | kind-unknown | kind \"InitializerConfiguration\" does not exist in API group "
                  + "admissionregistration.k8s.io",
              "InitializerConfiguration (admissionregistration.k8s.io/v1alpha1) was removed in "
                  + "Kubernetes 1.14; no supported apiserver serves it"));

  @Test
  @DisplayName(
      "the real-world corpus gives no manifest-unparseable or kind-unknown deny but the known true problems")
  void noFalseSyntaxOrKindDenies() throws IOException {
    List<String> denies = new ArrayList<>();
    for (Map.Entry<String, List<LoadedSource>> project : projects().entrySet()) {
      for (BatchCheck.Checked c : check(project.getValue())) {
        for (Finding f : c.findings()) {
          if ((f.rule().equals(ManifestUnparseableRule.ID) || f.rule().equals("kind-unknown"))
              && f.action() == Action.DENY) {
            // The message up to its advice: what and where, not how to fix it.
            denies.add(c.file() + " | " + f.rule() + " | " + f.message().split("[:;] (?!d)")[0]);
          }
        }
      }
    }
    assertThat(denies).containsExactlyInAnyOrderElementsOf(KNOWN_SYNTAX_AND_KIND_PROBLEMS.keySet());
  }

  static List<BatchCheck.Checked> check(List<LoadedSource> inputs) {
    RuleEngine engine = new RuleEngine(AllRules.registry());
    Policy policy =
        new Policy(
            Map.of(), new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    return new BatchCheck(engine).check(inputs, List.of(), false, null, policy);
  }

  /** Every corpus file, read, grouped by project folder. */
  static Map<String, List<LoadedSource>> projects() throws IOException {
    ManifestLoader loader = new ManifestLoader();
    Map<String, List<LoadedSource>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(CORPUS)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = p.getFileName().toString();
        if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
          continue;
        }
        String project = CORPUS.relativize(p).getName(0).toString();
        out.computeIfAbsent(project, k -> new ArrayList<>())
            .add(loader.load(CORPUS.relativize(p).toString(), Files.readString(p)));
      }
    }
    return out;
  }
}
