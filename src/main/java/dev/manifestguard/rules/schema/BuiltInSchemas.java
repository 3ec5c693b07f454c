package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.manifestguard.model.Kinds;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
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
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shapes of built-in kinds, derived from the fabric8 Kubernetes model classes (their Jackson
 * properties are the JSON fields of the API types) and cached per class. fabric8's own registry
 * maps apiVersion and kind to a class.
 */
final class BuiltInSchemas {
  private BuiltInSchemas() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<Class<?>, Shape.Struct> STRUCTS = new ConcurrentHashMap<>();
  private static final Map<String, Optional<Class<?>>> CLASSES = new ConcurrentHashMap<>();

  /**
   * Fields the apiserver refuses to do without (field.Required in its validation), for the common
   * kinds. The API types mark almost nothing as required, so this is the one part that is not
   * derived.
   */
  private static final Map<Class<?>, Set<String>> REQUIRED =
      Map.ofEntries(
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

  /**
   * The model classes fabric8 registers for its deserializer (its {@code META-INF/services} lists),
   * indexed by simple name, which is the kind. Reading the names is cheap; a class is loaded only
   * when an object of that kind is checked, where loading all of them (what fabric8's own registry
   * does) costs seconds of CLI start-up.
   */
  private static final class Registry {
    static final Map<String, List<String>> BY_SIMPLE_NAME = load();

    private static Map<String, List<String>> load() {
      Map<String, List<String>> out = new HashMap<>();
      try {
        Enumeration<URL> urls =
            BuiltInSchemas.class
                .getClassLoader()
                .getResources("META-INF/services/" + KubernetesResource.class.getName());
        while (urls.hasMoreElements()) {
          try (InputStream in = urls.nextElement().openStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
              String name = line.replaceAll("#.*", "").trim();
              if (!name.isEmpty()) {
                out.computeIfAbsent(
                        name.substring(name.lastIndexOf('.') + 1), k -> new ArrayList<>(2))
                    .add(name);
              }
            }
          }
        }
      } catch (IOException e) {
        return Map.of();
      }
      return out;
    }
  }

  /** fabric8's own registry, only if the service lists cannot be read as resources. */
  private static final class Fallback {
    static final KubernetesDeserializer KNOWN = new KubernetesDeserializer();
  }

  /**
   * The fabric8 model class of a kind, or null when fabric8 does not know this apiVersion and kind.
   */
  static Class<?> modelClass(String apiVersion, String kind) {
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return null;
    }
    return CLASSES
        .computeIfAbsent(
            apiVersion + "\u0000" + kind, k -> Optional.ofNullable(find(apiVersion, kind)))
        .orElse(null);
  }

  private static Class<?> find(String apiVersion, String kind) {
    try {
      if (Registry.BY_SIMPLE_NAME.isEmpty()) {
        return Fallback.KNOWN.getRegisteredKind(apiVersion, kind);
      }
      for (Class<?> c : candidates(kind)) {
        if (apiVersion.equals(HasMetadata.getApiVersion(c))) {
          return c;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
    return null;
  }

  private static List<Class<?>> candidates(String kind) {
    List<Class<?>> out = new ArrayList<>(2);
    for (String name : Registry.BY_SIMPLE_NAME.getOrDefault(kind, List.of())) {
      try {
        Class<?> c = Class.forName(name, false, BuiltInSchemas.class.getClassLoader());
        if (HasMetadata.class.isAssignableFrom(c) && kind.equals(HasMetadata.getKind(c))) {
          out.add(c);
        }
      } catch (ClassNotFoundException | LinkageError e) {
        // listed but absent: not a kind we know
      }
    }
    return out;
  }

  /** True when fabric8 knows this kind in some version of the group (an older or newer one). */
  static boolean knownInGroup(String group, String kind) {
    try {
      for (Class<?> c : candidates(kind)) {
        if (group.equals(HasMetadata.getGroup(c))) {
          return true;
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
    return false;
  }

  /** The apiVersions of built-in groups in which fabric8 knows this exact kind, sorted. */
  static List<String> builtInApiVersionsOf(String kind) {
    TreeSet<String> out = new TreeSet<>();
    try {
      for (Class<?> c : candidates(kind)) {
        String apiVersion = HasMetadata.getApiVersion(c);
        if (apiVersion != null && Kinds.isBuiltInGroup(apiVersion)) {
          out.add(apiVersion);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      return List.of();
    }
    return List.copyOf(out);
  }

  /**
   * The shape of a whole object of this apiVersion and kind, or null when fabric8 has no model for
   * it.
   */
  static Shape.Struct forKind(String apiVersion, String kind) {
    Class<?> type = modelClass(apiVersion, kind);
    return type == null ? null : struct(type);
  }

  static Shape.Struct struct(Class<?> type) {
    return STRUCTS.computeIfAbsent(type, Shape.Struct::new);
  }

  /** The simple names of every kind fabric8 knows, for suggestions. */
  static Set<String> kindNames() {
    return Registry.BY_SIMPLE_NAME.keySet();
  }

  static Shape.Struct.Fields resolve(Class<?> type) {
    BeanDescription bean = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type));
    Map<String, Shape> byName = new LinkedHashMap<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      byName.put(
          p.getName(), customDeserializer(p) ? Shape.Scalar.ANY : shapeOf(p.getPrimaryType()));
    }
    return new Shape.Struct.Fields(
        Collections.unmodifiableMap(byName),
        List.copyOf(new ArrayList<>(byName.keySet())),
        REQUIRED.getOrDefault(type, Set.of()));
  }

  /**
   * Embedded objects (ControllerRevision.data, opaque device parameters) are read by fabric8 as any
   * resource.
   */
  private static boolean customDeserializer(BeanPropertyDefinition p) {
    for (AnnotatedMember m : new AnnotatedMember[] {p.getField(), p.getSetter()}) {
      JsonDeserialize d = m == null ? null : m.getAnnotation(JsonDeserialize.class);
      if (d != null
          && (d.using() != JsonDeserializer.None.class
              || d.contentUsing() != JsonDeserializer.None.class)) {
        return true;
      }
    }
    return false;
  }

  static Shape shapeOf(JavaType t) {
    Class<?> c = t.getRawClass();
    if (c == byte[].class) {
      return Shape.Scalar.STRING; // base64
    }
    if (t.isMapLikeType()) {
      return new Shape.MapOf(shapeOf(t.getContentType()));
    }
    if (t.isCollectionLikeType() || t.isArrayType()) {
      return new Shape.ListOf(shapeOf(t.getContentType()));
    }
    if (c == String.class
        || c.isEnum()
        || c == MicroTime.class
        || c == io.fabric8.kubernetes.api.model.Duration.class
        || Temporal.class.isAssignableFrom(c)) {
      return Shape.Scalar.STRING;
    }
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
      return Shape.Scalar.INT32;
    }
    if (c == Long.class || c == long.class) {
      return Shape.Scalar.INT64;
    }
    if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
      return Shape.Scalar.NUMBER;
    }
    if (c == Boolean.class || c == boolean.class) {
      return Shape.Scalar.BOOLEAN;
    }
    if (c == IntOrString.class) {
      return Shape.Scalar.INT_OR_STRING;
    }
    if (c == Quantity.class) {
      return Shape.Scalar.QUANTITY;
    }
    if (!c.getName().startsWith("io.fabric8.kubernetes.api.model.")
        || c.isInterface()
        || Modifier.isAbstract(c.getModifiers())
        || AnyType.class.isAssignableFrom(c)
        || c == FieldsV1.class
        || c.getSimpleName().startsWith("JSONSchemaProps")
        || JsonNode.class.isAssignableFrom(c)
        || hasCustomDeserializer(c)) {
      return Shape.Scalar.ANY;
    }
    return struct(c);
  }

  private static boolean hasCustomDeserializer(Class<?> c) {
    JsonDeserialize d = c.getAnnotation(JsonDeserialize.class);
    return d != null && d.using() != JsonDeserializer.None.class;
  }
}
