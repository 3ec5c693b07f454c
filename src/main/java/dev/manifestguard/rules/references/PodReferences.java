package dev.manifestguard.rules.references;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.ContainerField;
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

  /** Where a pod spec names a ConfigMap or a Secret. */
  private record Kind(String volumeKey, String volumeNameField, String envFromKey, String keyRef) {}

  private static final Kind CONFIG_MAP =
      new Kind("configMap", "name", "configMapRef", "configMapKeyRef");
  private static final Kind SECRET = new Kind("secret", "secretName", "secretRef", "secretKeyRef");
  private static final List<Kind> KINDS = List.of(CONFIG_MAP, SECRET);
  private static final Object KEY = PodReferences.class;

  /**
   * Non-optional references to ConfigMaps ({@code secret} false) or Secrets ({@code secret} true).
   */
  static List<Ref> find(RuleContext ctx, boolean secret) {
    List<List<Ref>> both = ctx.memo(KEY, () -> findBoth(ctx));
    return both.get(secret ? 1 : 0);
  }

  /**
   * The references of both kinds in one walk over the pod specs (the two rules would otherwise each
   * walk every env entry of every container).
   */
  private static List<List<Ref>> findBoth(RuleContext ctx) {
    List<List<Ref>> out = List.of(new ArrayList<>(), new ArrayList<>());
    // Paths are built only for a reference found: a pod with hundreds of containers and env entries
    // has few.
    for (PodSpecRef pod : ctx.podSpecs()) {
      JsonNode volumes = pod.spec().path("volumes");
      for (int i = 0; volumes.isArray() && i < volumes.size(); i++) {
        JsonNode v = volumes.get(i);
        JsonNode sources = v.path("projected").path("sources");
        for (int k = 0; k < KINDS.size(); k++) {
          Kind kind = KINDS.get(k);
          String name = wanted(v.path(kind.volumeKey()), kind.volumeNameField());
          if (name != null) {
            String vPath = FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i);
            out.get(k)
                .add(
                    new Ref(
                        FieldPaths.child(
                            FieldPaths.child(vPath, kind.volumeKey()), kind.volumeNameField()),
                        name));
          }
          for (int j = 0; sources.isArray() && j < sources.size(); j++) {
            String source = wanted(sources.get(j).path(kind.volumeKey()), "name");
            if (source != null) {
              String vPath = FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i);
              String sPath = FieldPaths.index(FieldPaths.descend(vPath, "projected.sources"), j);
              out.get(k)
                  .add(
                      new Ref(
                          FieldPaths.child(FieldPaths.child(sPath, kind.volumeKey()), "name"),
                          source));
            }
          }
        }
      }
    }
    for (ContainerRef c : ctx.containers()) {
      JsonNode envFrom = c.field(ContainerField.ENV_FROM);
      for (int i = 0; envFrom.isArray() && i < envFrom.size(); i++) {
        for (int k = 0; k < KINDS.size(); k++) {
          String key = KINDS.get(k).envFromKey();
          String name = wanted(envFrom.get(i).path(key), "name");
          if (name != null) {
            String p =
                FieldPaths.child(FieldPaths.index(FieldPaths.child(c.path(), "envFrom"), i), key);
            out.get(k).add(new Ref(FieldPaths.child(p, "name"), name));
          }
        }
      }
      JsonNode env = c.field(ContainerField.ENV);
      for (int i = 0; env.isArray() && i < env.size(); i++) {
        JsonNode valueFrom = env.get(i).path("valueFrom");
        if (!valueFrom.isObject()) {
          continue;
        }
        for (int k = 0; k < KINDS.size(); k++) {
          String keyRef = KINDS.get(k).keyRef();
          String name = wanted(valueFrom.path(keyRef), "name");
          if (name != null) {
            String p =
                FieldPaths.descend(
                    FieldPaths.index(FieldPaths.child(c.path(), "env"), i), "valueFrom." + keyRef);
            out.get(k).add(new Ref(FieldPaths.child(p, "name"), name));
          }
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
