package dev.manifestguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A container's fields read through {@link ContainerRef} are the tree's, slot or no slot. */
class PodSpecsTest {
  @Test
  void fieldsReadAsTheTreeHasThem() {
    Manifest pod =
        TestManifests.of(
            """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
             "spec": {"containers": [
               {"name": "app", "image": "nginx:1.27", "workingDir": "/srv",
                "ports": [{"containerPort": 80}],
                "securityContext": {"privileged": true, "runAsGroup": 7,
                                    "capabilities": {"add": ["NET_ADMIN"]}}},
               {"name": "bare", "securityContext": "not an object"}]}}
            """);
    List<ContainerRef> containers = TestManifests.containers(pod);
    ContainerRef app = containers.get(0);
    JsonNode tree = app.container();
    for (String name :
        List.of("name", "image", "workingDir", "ports", "env", "resources", "livenessProbe")) {
      assertEquals(tree.path(name), app.field(name), name);
    }
    JsonNode sc = tree.path("securityContext");
    for (String name : List.of("privileged", "runAsGroup", "capabilities", "seccompProfile")) {
      assertEquals(sc.path(name), app.securityContext(name), name);
    }
    ContainerRef bare = containers.get(1);
    assertTrue(bare.securityContext("privileged").isMissingNode());
    assertTrue(bare.field("image").isMissingNode());
    assertEquals("not an object", bare.field("securityContext").asText());
  }
}
