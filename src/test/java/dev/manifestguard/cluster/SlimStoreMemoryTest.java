package dev.manifestguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * What one cached object costs in the heap: the store's retained size with 10,000 objects, less the
 * empty store's, per object; printed for the record and bounded so that a regression to whole
 * objects shows.
 */
class SlimStoreMemoryTest {
  private static final int N = 10_000;

  static {
    // Records (WatchedKind) refuse Unsafe field offsets; JOL then finds them by probing instead.
    System.setProperty("jol.magicFieldOffset", "true");
  }

  @Test
  @DisplayName(
      "a name-only entry (ConfigMap, Secret, PVC) costs about a hundred bytes, a trimmed ServiceAccount a few hundred")
  void bytesPerObject() {
    long names =
        perObject(
            new WatchedKind("", "v1", "Secret", "secrets", true, WatchedKind.Shape.NAMES),
            i ->
                resource(
                    "Secret",
                    i,
                    Map.of(
                        "data", Map.of("tls.crt", "x".repeat(2048), "tls.key", "y".repeat(1600)))));
    long objects =
        perObject(
            new WatchedKind(
                "", "v1", "ServiceAccount", "serviceaccounts", true, WatchedKind.Shape.OBJECT),
            i ->
                resource(
                    "ServiceAccount",
                    i,
                    Map.of("secrets", List.of(Map.of("name", "sa-" + i + "-token")))));
    System.out.printf(
        "cache cost per object: name-only %d bytes, trimmed ServiceAccount %d bytes%n",
        names, objects);
    assertThat(names).isLessThan(400);
    assertThat(objects).isLessThan(4000);
  }

  @Test
  @DisplayName(
      "a slim Deployment or Pod (template labels, port names, requested resource names) and a slim"
          + " Service, packed as JSON bytes, cost well under 1.5 KB each")
  void bytesPerWorkloadAndService() {
    long deployments =
        perObject(
            new WatchedKind(
                "apps", "v1", "Deployment", "deployments", true, WatchedKind.Shape.WORKLOAD),
            i -> resource("Deployment", i, Map.of("spec", deploymentSpec(i))));
    long pods =
        perObject(
            new WatchedKind("", "v1", "Pod", "pods", true, WatchedKind.Shape.WORKLOAD),
            i -> resource("Pod", i, Map.of("spec", podSpec(i), "status", podStatus(i))));
    long services =
        perObject(
            new WatchedKind("", "v1", "Service", "services", true, WatchedKind.Shape.SERVICE),
            i ->
                resource(
                    "Service",
                    i,
                    Map.of(
                        "spec",
                        Map.of(
                            "type", "ClusterIP",
                            "clusterIP", "10.96." + (i / 250) + "." + (i % 250),
                            "clusterIPs", List.of("10.96." + (i / 250) + "." + (i % 250)),
                            "selector", Map.of("app.kubernetes.io/name", "app-" + i),
                            "ports",
                                List.of(
                                    Map.of(
                                        "name",
                                        "http",
                                        "port",
                                        80,
                                        "targetPort",
                                        "http",
                                        "protocol",
                                        "TCP"),
                                    Map.of(
                                        "name",
                                        "metrics",
                                        "port",
                                        9090,
                                        "targetPort",
                                        9090,
                                        "protocol",
                                        "TCP"))))));
    SlimStore one =
        new SlimStore(
            new WatchedKind(
                "apps", "v1", "Deployment", "deployments", true, WatchedKind.Shape.WORKLOAD));
    GenericKubernetesResource d = resource("Deployment", 7, Map.of("spec", deploymentSpec(7)));
    one.put(one.getKey(d), d);
    int packed = one.packedSize(one.getKey(d));
    System.out.printf(
        "cache cost per object: slim Deployment %d bytes (%d of them packed JSON), slim Pod %d bytes,"
            + " slim Service %d bytes%n",
        deployments, packed, pods, services);
    // Deterministic: what is kept of the Deployment is its skeleton, labels, replicas and two
    // containers' names, one port and resource names.
    assertThat(packed).isBetween(100, 600);
    // As trees of JSON maps they cost about 4.6 KB, 3.5 KB and 2.5 KB; packed as JSON bytes, well
    // under 1 KB each.
    assertThat(deployments).isLessThan(1500);
    assertThat(pods).isLessThan(1500);
    assertThat(services).isLessThan(1500);
  }

  private static Map<String, Object> deploymentSpec(int i) {
    return Map.of(
        "replicas", 3,
        "selector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "app-" + i)),
        "strategy", Map.of("type", "RollingUpdate"),
        "template",
            Map.of(
                "metadata",
                    Map.of(
                        "labels", Map.of("app.kubernetes.io/name", "app-" + i, "tier", "web"),
                        "annotations", Map.of("checksum/config", "x".repeat(64))),
                "spec", podSpec(i)));
  }

  /** A pod spec of ordinary size: two containers with env, probes, mounts and resources. */
  private static Map<String, Object> podSpec(int i) {
    Map<String, Object> probe =
        Map.of(
            "httpGet", Map.of("path", "/healthz", "port", "http"),
            "periodSeconds", 10,
            "failureThreshold", 3);
    Map<String, Object> app =
        Map.of(
            "name",
            "app",
            "image",
            "registry.example.com/team/app-" + i + ":1.2.3",
            "ports",
            List.of(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP")),
            "env",
            List.of(
                Map.of("name", "LOG_LEVEL", "value", "info"),
                Map.of("name", "DB_HOST", "value", "db.team-" + (i % 50) + ".svc"),
                Map.of("name", "FEATURE_FLAGS", "value", "a,b,c,d,e,f")),
            "resources",
            Map.of(
                "requests", Map.of("cpu", "100m", "memory", "128Mi"),
                "limits", Map.of("memory", "256Mi")),
            "readinessProbe",
            probe,
            "livenessProbe",
            probe,
            "volumeMounts",
            List.of(Map.of("name", "config", "mountPath", "/etc/app")));
    Map<String, Object> sidecar =
        Map.of(
            "name", "log-shipper",
            "image", "fluent/fluent-bit:3.1",
            "resources", Map.of("requests", Map.of("cpu", "10m", "memory", "32Mi")));
    return Map.of(
        "containers", List.of(app, sidecar),
        "volumes", List.of(Map.of("name", "config", "configMap", Map.of("name", "app-" + i))),
        "serviceAccountName", "app",
        "securityContext", Map.of("runAsNonRoot", true));
  }

  private static Map<String, Object> podStatus(int i) {
    return Map.of(
        "phase",
        "Running",
        "podIP",
        "10.244." + (i / 250) + "." + (i % 250),
        "conditions",
        List.of(Map.of("type", "Ready", "status", "True")));
  }

  /**
   * The bytes one object adds to the store: the size of everything reachable from the store
   * (objects, arrays and strings, each counted once, walked by JOL) when it holds {@code N}
   * objects, less the empty store's, over {@code N}. Deterministic, unlike heap use after GC, which
   * other threads of the test JVM move.
   */
  private static long perObject(WatchedKind kind, IntFunction<GenericKubernetesResource> make) {
    SlimStore store = new SlimStore(kind);
    long empty = GraphLayout.parseInstance(store).totalSize();
    for (int i = 0; i < N; i++) {
      GenericKubernetesResource r = make.apply(i);
      store.put(store.getKey(r), r);
    }
    assertThat(store.size()).isEqualTo(N);
    return (GraphLayout.parseInstance(store).totalSize() - empty) / N;
  }

  private static GenericKubernetesResource resource(String kind, int i, Map<String, Object> body) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("v1")
        .withKind(kind)
        .withNewMetadata()
        .withName("object-" + i)
        .withNamespace("team-" + (i % 50))
        .withUid(java.util.UUID.randomUUID().toString())
        .withResourceVersion(Integer.toString(100_000 + i))
        .withCreationTimestamp("2026-01-01T00:00:00Z")
        .addToLabels("app.kubernetes.io/name", "app-" + (i % 100))
        .addToAnnotations(
            "kubectl.kubernetes.io/last-applied-configuration",
            "{\"apiVersion\":\"v1\"}".repeat(10))
        .endMetadata()
        .withAdditionalProperties(body)
        .build();
  }
}
