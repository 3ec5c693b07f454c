package dev.manifestguard.rules.references;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.ArrayList;
import java.util.List;

/** The ConfigMaps and Secrets a pod spec needs before its containers can start. */
final class PodReferences {
  private PodReferences() {}

  /** One reference: where the name is written, and the name. */
  record Ref(String path, String name) {}

  /**
   * Non-optional references to ConfigMaps ({@code secret} false) or Secrets ({@code secret} true).
   */
  static List<Ref> find(RuleContext ctx, boolean secret) {
    String volumeKey = secret ? "secret" : "configMap";
    String volumeNameField = secret ? "secretName" : "name";
    String envFromKey = secret ? "secretRef" : "configMapRef";
    String keyRef = secret ? "secretKeyRef" : "configMapKeyRef";
    List<Ref> out = new ArrayList<>();
    // Paths are built only for a reference found: a pod with hundreds of containers and env entries
    // has few.
    for (PodSpecRef pod : ctx.podSpecs()) {
      JsonNode volumes = pod.spec().path("volumes");
      for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
        JsonNode v = volumes.get(i);
        String name = wanted(v.path(volumeKey), volumeNameField);
        if (name != null) {
          String vPath = FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i);
          out.add(
              new Ref(FieldPaths.child(FieldPaths.child(vPath, volumeKey), volumeNameField), name));
        }
        JsonNode sources = v.path("projected").path("sources");
        for (int j = 0; sources.isArray() && j < sources.size(); j++) {
          String source = wanted(sources.get(j).path(volumeKey), "name");
          if (source != null) {
            String vPath = FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i);
            String sPath = FieldPaths.index(FieldPaths.descend(vPath, "projected.sources"), j);
            out.add(new Ref(FieldPaths.child(FieldPaths.child(sPath, volumeKey), "name"), source));
          }
        }
      }
    }
    for (ContainerRef c : ctx.containers()) {
      JsonNode envFrom = c.field("envFrom");
      for (int i = 0; envFrom.isArray() && i < envFrom.size(); i++) {
        String name = wanted(envFrom.get(i).path(envFromKey), "name");
        if (name != null) {
          String p =
              FieldPaths.child(
                  FieldPaths.index(FieldPaths.child(c.path(), "envFrom"), i), envFromKey);
          out.add(new Ref(FieldPaths.child(p, "name"), name));
        }
      }
      JsonNode env = c.field("env");
      for (int i = 0; env.isArray() && i < env.size(); i++) {
        String name = wanted(env.get(i).path("valueFrom").path(keyRef), "name");
        if (name != null) {
          String p =
              FieldPaths.descend(
                  FieldPaths.index(FieldPaths.child(c.path(), "env"), i), "valueFrom." + keyRef);
          out.add(new Ref(FieldPaths.child(p, "name"), name));
        }
      }
    }
    return out;
  }

  /** The name a non-optional reference needs, or null when {@code source} is no such reference. */
  private static String wanted(JsonNode source, String nameField) {
    if (!source.isObject()) {
      return null;
    }
    JsonNode optional = source.path("optional");
    JsonNode name = source.path(nameField);
    if ((optional.isBoolean() && optional.booleanValue())
        || !name.isTextual()
        || name.textValue().isEmpty()) {
      return null;
    }
    return name.textValue();
  }

  /**
   * Reports every non-optional reference of the pod specs to a ConfigMap or Secret that does not
   * exist.
   */
  static void requireAll(RuleContext ctx, Findings out, boolean secret) {
    for (Ref ref : find(ctx, secret)) {
      References.require(
          ctx,
          out,
          ref.path(),
          "",
          secret ? "Secret" : "ConfigMap",
          ctx.ref().namespace(),
          ref.name(),
          "create it, correct the name or mark the reference optional: true");
    }
  }
}
