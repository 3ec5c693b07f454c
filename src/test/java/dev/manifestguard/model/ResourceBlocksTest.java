package dev.manifestguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where {@link ResourceBlocks#find} finds the requirements blocks of a custom kind: each once, the
 * containers' own at their place, and inside a container only its resources and computeResources
 * (the Container schema nests no other).
 */
class ResourceBlocksTest {
  /** Blocks at each place a Rollout can hold one, and one a container must not yield. */
  private static final String ROLLOUT =
      """
            {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "r"},
             "spec": {
               "template": {"spec": {
                 "resources": {"limits": {"cpu": "2"}},
                 "initContainers": [
                   {"name": "init", "resources": {"requests": {"cpu": "10m"}}}],
                 "containers": [
                   {"name": "a", "resources": {"requests": {"memory": "1Gi"}},
                    "env": [{"name": "X", "value": "1"}]},
                   {"name": "b", "computeResources": {"limits": {"memory": "2Gi"}},
                    "sidecar": {"resources": {"requests": {"cpu": "1"}}}}]}},
               "analysis": {"resources": {"requests": {"memory": "64Mi"}}},
               "steps": [{"resources": {"limits": {"cpu": "500m"}}}]}}
            """;

  @Test
  void eachBlockOfACustomKindOnceWithItsPlaceAndPath() {
    Manifest m = TestManifests.of(ROLLOUT);
    List<PodSpecRef> pods = PodSpecs.find(m);
    List<ContainerRef> containers = TestManifests.containers(m);
    List<String> found = new ArrayList<>();
    for (ResourceBlocks.Block b : ResourceBlocks.find(m, pods, containers).blocks()) {
      found.add(b.place() + " " + b.path());
    }
    assertEquals(
        List.of(
            "CONTAINER spec.template.spec.containers[0].resources",
            "CONTAINER spec.template.spec.initContainers[0].resources",
            "POD spec.template.spec.resources",
            "CUSTOM spec.template.spec.containers[1].computeResources",
            "CUSTOM spec.analysis.resources",
            "CUSTOM spec.steps[0].resources"),
        found);
  }
}
