package dev.manifestguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What one cached object costs in the heap. A rough measure (heap in use after GC, before and after
 * filling a store with 10,000 objects), printed for the record and bounded loosely so a regression
 * to whole objects shows.
 */
class SlimStoreMemoryTest {
  private static final int N = 10_000;

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

  private static long perObject(WatchedKind kind, IntFunction<GenericKubernetesResource> make) {
    long before = usedAfterGc();
    SlimStore store = new SlimStore(kind);
    for (int i = 0; i < N; i++) {
      GenericKubernetesResource r = make.apply(i);
      store.put(store.getKey(r), r);
    }
    long after = usedAfterGc();
    assertThat(store.size()).isEqualTo(N);
    return Math.max(0, after - before) / N;
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

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
