package dev.manifestguard.rules.schema;

import dev.manifestguard.model.Kinds;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shapes of built-in kinds, from the table written at build time from the fabric8 Kubernetes
 * model classes ({@link ShapeTableWriter}, {@link ShapeTable}); fabric8's service lists map
 * apiVersion and kind to a class.
 */
final class BuiltInSchemas {
  private BuiltInSchemas() {}

  /** Read when a schema is first needed. */
  private static final class Table {
    static final ShapeTable BUILT_IN = ShapeTable.builtIn();
  }

  /**
   * Fields the apiserver refuses to do without (field.Required in its validation), for the common
   * kinds. The API types mark almost nothing as required, so this is the one part that is not
   * derived.
   */
  private static final Map<String, Set<String>> REQUIRED =
      byName(
          Map.entry(Container.class, Set.of("name", "image")),
          Map.entry(EphemeralContainer.class, Set.of("name", "image")),
          Map.entry(ContainerPort.class, Set.of("containerPort")),
          Map.entry(EnvVar.class, Set.of("name")),
          Map.entry(VolumeMount.class, Set.of("name", "mountPath")),
          Map.entry(Volume.class, Set.of("name")),
          Map.entry(KeyToPath.class, Set.of("key", "path")),
          Map.entry(ConfigMapKeySelector.class, Set.of("key")),
          Map.entry(SecretKeySelector.class, Set.of("key")),
          Map.entry(ObjectFieldSelector.class, Set.of("fieldPath")),
          Map.entry(ResourceFieldSelector.class, Set.of("resource")),
          Map.entry(HostPathVolumeSource.class, Set.of("path")),
          Map.entry(LabelSelectorRequirement.class, Set.of("key", "operator")),
          Map.entry(PodSpec.class, Set.of("containers")),
          Map.entry(ServicePort.class, Set.of("port")),
          Map.entry(DeploymentSpec.class, Set.of("selector", "template")),
          Map.entry(ReplicaSetSpec.class, Set.of("selector")),
          Map.entry(StatefulSetSpec.class, Set.of("selector", "template")),
          Map.entry(DaemonSetSpec.class, Set.of("selector", "template")),
          Map.entry(JobSpec.class, Set.of("template")),
          Map.entry(CronJobSpec.class, Set.of("schedule", "jobTemplate")),
          Map.entry(HorizontalPodAutoscalerSpec.class, Set.of("scaleTargetRef", "maxReplicas")),
          Map.entry(CrossVersionObjectReference.class, Set.of("kind", "name")),
          Map.entry(HTTPIngressPath.class, Set.of("pathType", "backend")),
          Map.entry(RoleBinding.class, Set.of("roleRef")),
          Map.entry(ClusterRoleBinding.class, Set.of("roleRef")),
          Map.entry(RoleRef.class, Set.of("kind", "name")),
          Map.entry(Subject.class, Set.of("kind", "name")),
          Map.entry(PolicyRule.class, Set.of("verbs")),
          Map.entry(
              CustomResourceDefinitionSpec.class, Set.of("group", "names", "scope", "versions")),
          Map.entry(CustomResourceDefinitionNames.class, Set.of("plural", "kind")),
          Map.entry(CustomResourceDefinitionVersion.class, Set.of("name", "served", "storage")));

  @SafeVarargs
  private static Map<String, Set<String>> byName(Map.Entry<Class<?>, Set<String>>... entries) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Map.Entry<Class<?>, Set<String>> e : entries) {
      out.put(e.getKey().getName(), e.getValue());
    }
    return Map.copyOf(out);
  }

  /** True when fabric8 has a model for this apiVersion and kind. */
  static boolean knows(String apiVersion, String kind) {
    return !apiVersion.isEmpty()
        && !kind.isEmpty()
        && Table.BUILT_IN.classOf(apiVersion, kind) != null;
  }

  /** True when fabric8 knows this kind in some version of the group (an older or newer one). */
  static boolean knownInGroup(String group, String kind) {
    for (ShapeTable.Kind k : Table.BUILT_IN.kinds(kind)) {
      if (group.equals(k.group())) {
        return true;
      }
    }
    return false;
  }

  /** The apiVersions of built-in groups in which fabric8 knows this exact kind, sorted. */
  static List<String> builtInApiVersionsOf(String kind) {
    TreeSet<String> out = new TreeSet<>();
    for (ShapeTable.Kind k : Table.BUILT_IN.kinds(kind)) {
      if (Kinds.isBuiltInGroup(k.apiVersion())) {
        out.add(k.apiVersion());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The shape of a whole object of this apiVersion and kind, or null when fabric8 has no model for
   * it.
   */
  static Shape.Struct forKind(String apiVersion, String kind) {
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return null;
    }
    String type = Table.BUILT_IN.classOf(apiVersion, kind);
    return type == null ? null : Table.BUILT_IN.struct(type);
  }

  /** The shape of a model class the table holds (every class reachable from a kind). */
  static Shape.Struct struct(Class<?> type) {
    Shape.Struct s = Table.BUILT_IN.struct(type.getName());
    if (s == null) {
      throw new IllegalArgumentException("no shape for " + type.getName());
    }
    return s;
  }

  /** The simple names of every kind fabric8 knows, for suggestions. */
  static Set<String> kindNames() {
    return Table.BUILT_IN.names();
  }

  static Shape.Struct.Fields resolve(String type) {
    Map<String, Shape> byName = Table.BUILT_IN.fields(type);
    return new Shape.Struct.Fields(
        java.util.Collections.unmodifiableMap(byName),
        List.copyOf(byName.keySet()),
        REQUIRED.getOrDefault(type, Set.of()));
  }
}
