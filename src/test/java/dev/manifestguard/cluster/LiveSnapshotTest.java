package dev.manifestguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cluster.ClusterState.Presence;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --kubeconfig}: one read of the cluster, through a kubeconfig file, against the mock
 * API server.
 */
class LiveSnapshotTest {
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  @DisplayName(
      "reads the cluster of a kubeconfig once: what exists is present, the rest absent, data not kept")
  void readsThroughKubeconfig(@TempDir Path dir) throws Exception {
    MockCluster.createServiceAccount(client, "ci", "builder");
    client
        .configMaps()
        .inNamespace("ci")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("ci")
                .endMetadata()
                .addToData("secret-ish", "value")
                .build())
        .create();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .endMetadata()
                .withNewSpec()
                .withPodCIDR("10.244.1.0/24")
                .withPodCIDRs("10.244.1.0/24")
                .endSpec()
                .build())
        .create();
    Path kubeconfig = dir.resolve("config");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s"}
        users:
        - name: me
          user: {token: "t"}
        contexts:
        - name: mock
          context: {cluster: mock, user: me, namespace: ci}
        current-context: mock
        """
            .formatted(client.getMasterUrl().toString()));

    ClusterState state = LiveSnapshot.read(kubeconfig.toString(), "mock");

    assertThat(state.isKnown()).isTrue();
    assertThat(state.presence("", "ServiceAccount", "ci", "builder")).isEqualTo(Presence.PRESENT);
    assertThat(state.presence("", "ServiceAccount", "ci", "deployer")).isEqualTo(Presence.ABSENT);
    assertThat(state.presence("", "ConfigMap", "ci", "settings")).isEqualTo(Presence.PRESENT);
    assertThat(state.list("", "ConfigMap", "ci").toString()).doesNotContain("value");
    assertThat(state.list("", "Node", null))
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.path("spec").path("podCIDRs").get(0).asText())
                    .isEqualTo("10.244.1.0/24"));
    assertThat(state.presence("example.com", "Widget", "ci", "w"))
        .as("a kind not read")
        .isEqualTo(Presence.UNKNOWN);
  }
}
