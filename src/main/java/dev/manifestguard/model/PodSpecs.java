package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds every place a pod spec lives in an object (RULES.md "Pod spec"), and the containers in
 * each.
 */
public final class PodSpecs {
  private PodSpecs() {}

  /**
   * A pod spec and its field path inside the object. Not a record only because it keeps its
   * containers once found ({@link #containers(PodSpecRef)}): several rules ask for them per review.
   * Equality is a record's (path and spec).
   */
  public static final class PodSpecRef {
    private final String path;
    private final JsonNode spec;
    private List<ContainerRef> containers;

    public PodSpecRef(String path, JsonNode spec) {
      this.path = path;
      this.spec = spec;
    }

    public String path() {
      return path;
    }

    public JsonNode spec() {
      return spec;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PodSpecRef p
          && Objects.equals(path, p.path)
          && Objects.equals(spec, p.spec);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, spec);
    }

    @Override
    public String toString() {
      return "PodSpecRef[path=" + path + ", spec=" + spec + "]";
    }
  }

  /**
   * A container of a pod spec: a value class with the accessors and equality of a record whose
   * components are path, container, list and pod; the path is built when first asked for (a finding
   * needs it, and a pod template of 200 containers rarely has one).
   */
  public static final class ContainerRef {
    private final String listPath;
    private final int index;
    private final JsonNode container;
    private final String list;
    private final PodSpecRef pod;
    private String path;
    private JsonNode[] fields;
    private JsonNode[] securityContext;

    ContainerRef(String listPath, int index, JsonNode container, String list, PodSpecRef pod) {
      this.listPath = listPath;
      this.index = index;
      this.container = container;
      this.list = list;
      this.pod = pod;
    }

    /** {@code spec.template.spec.containers[3]}. */
    public String path() {
      String p = path;
      if (p == null) {
        p = FieldPaths.index(listPath, index);
        path = p;
      }
      return p;
    }

    public JsonNode container() {
      return container;
    }

    /** The index of the container in its list. */
    public int index() {
      return index;
    }

    /** containers, initContainers or ephemeralContainers. */
    public String list() {
      return list;
    }

    public PodSpecRef pod() {
      return pod;
    }

    public String name() {
      return JsonText.text(field(ContainerField.NAME));
    }

    /**
     * {@code container().path(field.key())}, from slots filled in one pass over the container when
     * first asked for. Why: each rule reads a few fields of every container, and in a pod template
     * of 200 containers the tree's hash maps are far apart in memory, so nearly every lookup in
     * them was a cache miss; a scan of a copy still compared the name with most of the container's
     * keys, and a lookup of the name's slot cost a fifth of the Rollout's engine time.
     */
    public JsonNode field(ContainerField field) {
      JsonNode[] f = fields;
      if (f == null) {
        f = ContainerField.SLOTS.fill(container);
        fields = f;
      }
      return orMissing(f[field.ordinal()]);
    }

    /**
     * {@code container().path("securityContext").path(field.key())}, from slots as {@link #field}.
     */
    public JsonNode securityContext(SecurityContextField field) {
      JsonNode[] s = securityContext;
      if (s == null) {
        s = SecurityContextField.SLOTS.fill(field(ContainerField.SECURITY_CONTEXT));
        securityContext = s;
      }
      return orMissing(s[field.ordinal()]);
    }

    private static JsonNode orMissing(JsonNode node) {
      return node == null ? MissingNode.getInstance() : node;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ContainerRef c
          && path().equals(c.path())
          && Objects.equals(container, c.container)
          && Objects.equals(list, c.list)
          && Objects.equals(pod, c.pod);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path(), container, list, pod);
    }

    @Override
    public String toString() {
      return "ContainerRef[path=%s, container=%s, list=%s, pod=%s]"
          .formatted(path(), container, list, pod);
    }
  }

  private static final List<String> CONTAINER_LISTS =
      List.of("containers", "initContainers", "ephemeralContainers");

  /** Where the pod spec of each built-in kind that has one lives. */
  private static final Map<String, String> BUILT_IN_POD_SPEC_PATHS = new LinkedHashMap<>();

  static {
    BUILT_IN_POD_SPEC_PATHS.put("Pod", "spec");
    BUILT_IN_POD_SPEC_PATHS.put("PodTemplate", "template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("Deployment", "spec.template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("ReplicaSet", "spec.template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("StatefulSet", "spec.template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("DaemonSet", "spec.template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("Job", "spec.template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("CronJob", "spec.jobTemplate.spec.template.spec");
    BUILT_IN_POD_SPEC_PATHS.put("ReplicationController", "spec.template.spec");
  }

  /**
   * The kinds a rule about pod specs names in its metadata: every built-in kind that has a pod
   * spec, and {@code *} for the custom kinds that hold one (Argo Rollouts, Knative, OpenKruise...).
   */
  public static final List<String> POD_KINDS = podKindsAnd();

  /** Pod specs to search generically in custom resources: deeper nesting is not a pod template. */
  private static final int MAX_GENERIC_DEPTH = 12;

  public static List<PodSpecRef> find(Manifest m) {
    JsonNode obj = m.object();
    String kind = m.kind();
    if (Kinds.isBuiltInGroup(m.apiVersion())) {
      String path = BUILT_IN_POD_SPEC_PATHS.get(kind);
      if (path == null) {
        return templatesOfOtherKind(obj);
      }
      JsonNode spec = FieldPaths.at(obj, path);
      return spec.isObject() ? List.of(new PodSpecRef(path, spec)) : List.of();
    }
    // Custom kinds (Argo Rollouts, Knative, KEDA ScaledJob, OpenKruise...): any object holding a
    // containers list.
    List<PodSpecRef> found = new ArrayList<>();
    JsonNode spec = obj.path("spec");
    if (spec.isObject()) {
      collect(spec, "spec", found, 0);
    }
    return found;
  }

  /** Where a kind of a built-in group that has no pod spec of its own may still hold one. */
  private static final List<String> TEMPLATE_PATHS =
      List.of("spec.template.spec", "spec.jobTemplate.spec.template.spec", "spec");

  /**
   * Pod templates at the usual places of a built-in group's kind that is not a pod kind: none for
   * the real ones (ConfigMap, Service...), but a kind that does not exist in the group ({@code v1
   * DeploymentConfig}, {@code apps/v1 Deploymnet}) is still checked where it holds containers.
   */
  private static List<PodSpecRef> templatesOfOtherKind(JsonNode obj) {
    for (String path : TEMPLATE_PATHS) {
      JsonNode spec = FieldPaths.at(obj, path);
      JsonNode containers = spec.path("containers");
      if (spec.isObject()
          && containers.isArray()
          && !containers.isEmpty()
          && looksLikeContainers(containers)) {
        return List.of(new PodSpecRef(path, spec));
      }
    }
    return List.of();
  }

  private static void collect(JsonNode node, String path, List<PodSpecRef> out, int depth) {
    if (depth > MAX_GENERIC_DEPTH) {
      return;
    }
    if (node.isObject()) {
      JsonNode containers = node.get("containers");
      if (containers != null && containers.isArray() && looksLikeContainers(containers)) {
        out.add(new PodSpecRef(path, node));
        return;
      }
      var fields = node.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        if (e.getValue().isContainerNode()) {
          collect(e.getValue(), FieldPaths.child(path, e.getKey()), out, depth + 1);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isContainerNode()) {
          collect(node.get(i), FieldPaths.index(path, i), out, depth + 1);
        }
      }
    }
  }

  private static boolean looksLikeContainers(JsonNode list) {
    for (JsonNode c : list) {
      if (!c.isObject() || !(c.has("image") || c.has("name"))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The containers, init containers and ephemeral containers of a pod spec, in that order: found
   * once per pod spec and then shared (an unmodifiable list), so that a review of 200 containers
   * builds their paths once rather than once per rule.
   */
  public static List<ContainerRef> containers(PodSpecRef pod) {
    List<ContainerRef> found = pod.containers;
    if (found == null) {
      found = List.copyOf(findContainers(pod));
      pod.containers = found;
    }
    return found;
  }

  private static List<ContainerRef> findContainers(PodSpecRef pod) {
    List<ContainerRef> out = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      JsonNode arr = pod.spec().get(list);
      if (arr == null || !arr.isArray()) {
        continue;
      }
      String listPath = FieldPaths.child(pod.path(), list);
      for (int i = 0; i < arr.size(); i++) {
        JsonNode c = arr.get(i);
        if (c.isObject()) {
          out.add(new ContainerRef(listPath, i, c, list, pod));
        }
      }
    }
    return out;
  }

  /** {@link #POD_KINDS} with more kinds a rule looks at, before the {@code *}. */
  public static List<String> podKindsAnd(String... more) {
    List<String> kinds = new ArrayList<>(BUILT_IN_POD_SPEC_PATHS.keySet());
    kinds.addAll(List.of(more));
    kinds.add("*");
    return List.copyOf(kinds);
  }
}
