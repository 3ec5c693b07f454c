package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.rules.References;
import java.util.ArrayList;
import java.util.List;

/** The ConfigMaps and Secrets a pod spec needs before its containers can start. */
final class PodReferences {
  private PodReferences() {}

  /** One reference: where the name is written, and the name. */
  record Ref(String path, String name) {}

  /** Non-optional references to ConfigMaps ({@code secret} false) or Secrets ({@code secret} true). */
  static List<Ref> find(RuleContext ctx, boolean secret) {
    String volumeKey = secret ? "secret" : "configMap";
    String volumeNameField = secret ? "secretName" : "name";
    String envFromKey = secret ? "secretRef" : "configMapRef";
    String keyRef = secret ? "secretKeyRef" : "configMapKeyRef";
    List<Ref> out = new ArrayList<>();
    for (PodSpecRef pod : ctx.podSpecs()) {
      JsonNode volumes = pod.spec().path("volumes");
      String volumesPath = FieldPaths.child(pod.path(), "volumes");
      for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
        String vPath = FieldPaths.index(volumesPath, i);
        JsonNode v = volumes.get(i);
        add(out, v.path(volumeKey), volumeNameField, FieldPaths.child(vPath, volumeKey));
        JsonNode sources = v.path("projected").path("sources");
        for (int j = 0; sources.isArray() && j < sources.size(); j++) {
          String sPath = FieldPaths.index(References.path(vPath, "projected.sources"), j);
          add(out, sources.get(j).path(volumeKey), "name", FieldPaths.child(sPath, volumeKey));
        }
      }
    }
    for (ContainerRef c : ctx.containers()) {
      JsonNode envFrom = c.container().path("envFrom");
      for (int i = 0; envFrom.isArray() && i < envFrom.size(); i++) {
        String p = FieldPaths.child(FieldPaths.index(FieldPaths.child(c.path(), "envFrom"), i), envFromKey);
        add(out, envFrom.get(i).path(envFromKey), "name", p);
      }
      JsonNode env = c.container().path("env");
      for (int i = 0; env.isArray() && i < env.size(); i++) {
        String p = References.path(FieldPaths.index(FieldPaths.child(c.path(), "env"), i), "valueFrom." + keyRef);
        add(out, env.get(i).path("valueFrom").path(keyRef), "name", p);
      }
    }
    return out;
  }

  private static void add(List<Ref> out, JsonNode source, String nameField, String path) {
    if (!source.isObject()) {
      return;
    }
    JsonNode optional = source.path("optional");
    JsonNode name = source.path(nameField);
    if ((optional.isBoolean() && optional.booleanValue()) || !name.isTextual() || name.textValue().isEmpty()) {
      return;
    }
    out.add(new Ref(FieldPaths.child(path, nameField), name.textValue()));
  }
}
