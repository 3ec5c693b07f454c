package dev.manifestguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A container's fields read through the slots of {@link ContainerRef} are the tree's. */
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
    for (ContainerField f : ContainerField.values()) {
      assertEquals(tree.path(f.key()), app.field(f), f.key());
    }
    JsonNode sc = tree.path("securityContext");
    for (SecurityContextField f : SecurityContextField.values()) {
      assertEquals(sc.path(f.key()), app.securityContext(f), f.key());
    }
    assertEquals(
        "NET_ADMIN",
        app.securityContext(SecurityContextField.CAPABILITIES).path("add").path(0).asText());
    ContainerRef bare = containers.get(1);
    assertTrue(bare.securityContext(SecurityContextField.PRIVILEGED).isMissingNode());
    assertTrue(bare.field(ContainerField.IMAGE).isMissingNode());
    assertEquals("not an object", bare.field(ContainerField.SECURITY_CONTEXT).asText());
  }
}
