package dev.manifestguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState.Presence;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The informer caches against fabric8's mock API server in CRUD mode (no Quarkus boot). */
class InformerClusterStateTest {
  private KubernetesMockServer server;
  private KubernetesClient client;
  private SimpleMeterRegistry meters;
  private InformerClusterState state;

  @BeforeEach
  void startServer() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    if (state != null) {
      state.close();
    }
    client.close();
    server.destroy();
  }

  private InformerClusterState started() {
    state = new InformerClusterState(client, meters, Duration.ofSeconds(1)).start();
    await(state::ready, "caches synced");
    return state;
  }

  @Test
  @DisplayName("is ready once every informer has synced, and finds what existed before")
  void readyAfterSync() {
    MockCluster.createServiceAccount(client, "ci", "builder");
    InformerClusterState s = started();
    assertThat(s.informerCount()).isGreaterThanOrEqualTo(WatchedKind.CORE.size() + 1);
    assertThat(s.store("", "ServiceAccount").contains("ci", "builder")).isTrue();
    assertThat(s.presence("", "ServiceAccount", "ci", "builder")).isEqualTo(Presence.PRESENT);
    assertThat(s.presence("", "ServiceAccount", "other", "builder")).isEqualTo(Presence.ABSENT);
    assertThat(s.list("", "ServiceAccount", "ci"))
        .extracting(n -> n.path("kind").asText())
        .containsExactly("ServiceAccount");
  }

  @Test
  @DisplayName("an object created after the sync reaches the cache through the watch")
  void createdAfterSync() {
    InformerClusterState s = started();
    client
        .configMaps()
        .inNamespace("shop")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("shop")
                .endMetadata()
                .addToData("MODE", "prod")
                .build())
        .create();
    await(() -> s.store("", "ConfigMap").contains("shop", "web"), "ConfigMap in cache");
    JsonNode cached = s.list("", "ConfigMap", "shop").get(0);
    assertThat(cached.path("metadata").path("name").asText()).isEqualTo("web");
    assertThat(cached.has("data")).as("ConfigMaps are cached by name only").isFalse();
  }

  @Test
  @DisplayName("a Secret is cached by name only: its data never stays in the heap")
  void secretsByName() {
    client
        .secrets()
        .inNamespace("shop")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .addToStringData("password", "hunter2")
                .build())
        .create();
    InformerClusterState s = started();
    assertThat(s.presence("", "Secret", "shop", "db")).isEqualTo(Presence.PRESENT);
    assertThat(s.list("", "Secret", null).toString())
        .doesNotContain("hunter2")
        .doesNotContain("password");
  }

  @Test
  @DisplayName(
      "a cache miss is confirmed with a live GET: an object the cache has not seen yet is present")
  void missConfirmedByGet() {
    InformerClusterState s = started();
    MockCluster.createServiceAccount(client, "ci", "late");
    await(() -> s.store("", "ServiceAccount").contains("ci", "late"), "ServiceAccount in cache");
    s.store("", "ServiceAccount")
        .evict("ci", "late"); // as if the watch event were still on its way
    assertThat(s.presence("", "ServiceAccount", "ci", "late")).isEqualTo(Presence.PRESENT);
    assertThat(s.presence("", "ServiceAccount", "ci", "never")).isEqualTo(Presence.ABSENT);
    assertThat(meters.find(InformerClusterState.UNCONFIRMED_METRIC).counter()).isNull();
  }

  @Test
  @DisplayName("when the confirming GET fails the lookup is UNKNOWN and counted")
  void getFailureIsUnknown() {
    InformerClusterState s = started();
    server.destroy();
    assertThat(s.presence("", "ServiceAccount", "ci", "ghost")).isEqualTo(Presence.UNKNOWN);
    assertThat(s.presence("storage.k8s.io", "StorageClass", "", "fast"))
        .isEqualTo(Presence.UNKNOWN);
    assertThat(
            meters
                .get(InformerClusterState.UNCONFIRMED_METRIC)
                .tag("kind", "ServiceAccount")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get(InformerClusterState.UNCONFIRMED_METRIC)
                .tag("kind", "StorageClass")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName("an IP pool CRD that appears gets its own cache, listed for the CIDR rules")
  void ipPoolCrd() {
    InformerClusterState s = started();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("ipaddresspools.metallb.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("metallb.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("IPAddressPool")
                .withPlural("ipaddresspools")
                .withSingular("ipaddresspool")
                .endNames()
                .addNewVersion()
                .withName("v1beta1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
    await(() -> s.store("metallb.io", "IPAddressPool") != null, "IP pool informer started");
    client
        .genericKubernetesResources("metallb.io/v1beta1", "IPAddressPool")
        .inNamespace("metallb-system")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("metallb.io/v1beta1")
                .withKind("IPAddressPool")
                .withNewMetadata()
                .withName("lan")
                .withNamespace("metallb-system")
                .endMetadata()
                .withAdditionalProperties(
                    Map.of("spec", Map.of("addresses", List.of("192.168.10.0/24"))))
                .build())
        .create();
    await(() -> !s.list("metallb.io", "IPAddressPool", null).isEmpty(), "IP pool in cache");
    JsonNode pool = s.list("metallb.io", "IPAddressPool", null).get(0);
    assertThat(pool.path("spec").path("addresses").get(0).asText()).isEqualTo("192.168.10.0/24");
    assertThat(pool.path("kind").asText()).isEqualTo("IPAddressPool");
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
