package dev.manifestguard.rules.references;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.model.JsonText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The workloads of a namespace as the bundle rules see them: the checked manifests first, then the
 * cluster (its informer cache keeps the same fields in the same layout). Each workload is reduced
 * to the labels of its pod template, its replicas and its containers.
 */
public final class Workloads {
  private Workloads() {}

  /** A kind that runs pods: API group, kind, where its pod template lives, whether it scales. */
  record Kind(String group, String kind, String[] template, boolean scales) {}

  static final List<Kind> KINDS =
      List.of(
          new Kind("apps", "Deployment", new String[] {"spec", "template"}, true),
          new Kind("apps", "StatefulSet", new String[] {"spec", "template"}, true),
          new Kind("apps", "ReplicaSet", new String[] {"spec", "template"}, true),
          new Kind("", "ReplicationController", new String[] {"spec", "template"}, true),
          new Kind("apps", "DaemonSet", new String[] {"spec", "template"}, false),
          new Kind("batch", "Job", new String[] {"spec", "template"}, false),
          new Kind(
              "batch", "CronJob", new String[] {"spec", "jobTemplate", "spec", "template"}, false),
          new Kind("", "Pod", new String[] {}, false));

  /**
   * One workload.
   *
   * @param replicas {@code spec.replicas} (1 when unset) for kinds that scale, -1 otherwise
   * @param containers the pod template's {@code containers}
   * @param owned a controller owns it (a Deployment's ReplicaSet, a ReplicaSet's Pod)
   */
  public record Workload(
      String group,
      String kind,
      String namespace,
      String name,
      Map<String, String> labels,
      int replicas,
      List<JsonNode> containers,
      boolean owned) {
    /** {@code Deployment "web"} */
    public String describe() {
      return kind + " \"" + name + "\"";
    }

    /**
     * The value the pods of this workload carry for a label: the template's, or for a label their
     * controller adds ({@code pod-template-hash}, {@code statefulset.kubernetes.io/pod-name}...)
     * the value given when it is one the controller could set; null when they do not carry it.
     */
    String podLabel(String key, String wanted) {
      String v = labels.get(key);
      if (v != null) {
        return v;
      }
      if (!CONTROLLER_KEYS.contains(key)) {
        return null;
      }
      boolean any =
          switch (kind) {
            case "Deployment", "ReplicaSet" -> key.equals("pod-template-hash");
            case "StatefulSet" ->
                key.equals("controller-revision-hash")
                    || (key.equals("statefulset.kubernetes.io/pod-name")
                        && wanted != null
                        && ordinal(
                            wanted.startsWith(name + "-")
                                ? wanted.substring(name.length() + 1)
                                : ""))
                    || (key.equals("apps.kubernetes.io/pod-index") && ordinal(wanted));
            case "DaemonSet" ->
                key.equals("controller-revision-hash") || key.equals("pod-template-generation");
            case "Job", "CronJob" ->
                key.equals("controller-uid")
                    || key.equals("batch.kubernetes.io/controller-uid")
                    || key.equals("batch.kubernetes.io/job-completion-index")
                    || ((key.equals("job-name") || key.equals("batch.kubernetes.io/job-name"))
                        && (kind.equals("CronJob") || name.equals(wanted)));
            default -> false;
          };
      return any ? (wanted == null ? "" : wanted) : null;
    }

    private static boolean ordinal(String s) {
      return s != null && !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** Whether some container declares a port of this name. */
    public boolean declaresPort(String portName) {
      for (JsonNode c : containers) {
        for (JsonNode p : c.path("ports")) {
          if (portName.equals(JsonText.text(p, "name"))) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * Every workload of a namespace. Pods that a workload of the list owns are not told apart: a
   * selector that matches them matches their workload as well.
   */
  public static List<Workload> in(RuleContext ctx, String namespace) {
    // Derived from the cluster state alone: once per namespace for a whole CLI bundle.
    return ctx.fromCluster(
        new MemoKey(namespace),
        () -> {
          List<Workload> out = new ArrayList<>();
          for (Kind k : KINDS) {
            for (JsonNode o : ctx.cluster().list(k.group(), k.kind(), namespace)) {
              out.add(of(k, o, namespace));
            }
          }
          for (JsonNode o : ctx.cluster().customPodTemplates(namespace)) {
            String apiVersion = JsonText.text(o, "apiVersion");
            // Whether it scales by spec.replicas is not known for a custom kind: only when written.
            boolean scales = o.path("spec").path("replicas").isIntegralNumber();
            out.add(
                of(
                    new Kind(
                        apiVersion.contains("/")
                            ? apiVersion.substring(0, apiVersion.indexOf('/'))
                            : "",
                        JsonText.text(o, "kind"),
                        new String[] {"spec", "template"},
                        scales),
                    o,
                    namespace));
          }
          return out;
        });
  }

  private record MemoKey(String namespace) {}

  /**
   * The labels some controller adds to its pods: a pod carries any other label only when its
   * template does ({@link Workload#podLabel}).
   */
  private static final Set<String> CONTROLLER_KEYS =
      Set.of(
          "pod-template-hash",
          "controller-revision-hash",
          "statefulset.kubernetes.io/pod-name",
          "apps.kubernetes.io/pod-index",
          "pod-template-generation",
          "controller-uid",
          "batch.kubernetes.io/controller-uid",
          "batch.kubernetes.io/job-completion-index",
          "job-name",
          "batch.kubernetes.io/job-name");

  private record Label(String key, String value) {}

  private record LabelIndexKey(String namespace) {}

  /**
   * The workloads a selector map ({@link #matchesMap}) selects, as {@link #matching} finds them.
   * For a fixed cluster state the workloads of a namespace are indexed by template label once, and
   * only those carrying one pair of the selector that no controller adds are tested: a bundle's
   * Services times its workloads otherwise.
   */
  public static List<Workload> matchingMap(
      RuleContext ctx, String namespace, Map<String, String> selector) {
    return select(candidates(ctx, namespace, selector), w -> matchesMap(selector, w));
  }

  /**
   * The workloads a LabelSelector ({@link #matches}) selects, in the order of {@link #in}; likewise
   * from the label index for a selector whose {@code matchLabels} has a pair to look up.
   */
  public static List<Workload> matchingSelector(
      RuleContext ctx, String namespace, JsonNode selector) {
    return select(
        candidates(ctx, namespace, labels(selector.path("matchLabels"))),
        w -> matches(selector, w));
  }

  /** Whether a LabelSelector selects any workload of the namespace (stops at the first). */
  public static boolean anyMatchingSelector(RuleContext ctx, String namespace, JsonNode selector) {
    for (Workload w : candidates(ctx, namespace, labels(selector.path("matchLabels")))) {
      if (matches(selector, w)) {
        return true;
      }
    }
    return false;
  }

  private static List<Workload> select(List<Workload> candidates, Predicate<Workload> selects) {
    List<Workload> matched = new ArrayList<>();
    for (Workload w : candidates) {
      if (selects.test(w)) {
        matched.add(w);
      }
    }
    return matched;
  }

  /**
   * The workloads of a namespace that can carry every pair of {@code required}, in the order of
   * {@link #in}: those with the first pair no controller adds in their template labels (from the
   * index, for a fixed cluster state), else all of them.
   */
  private static List<Workload> candidates(
      RuleContext ctx, String namespace, Map<String, String> required) {
    List<Workload> all = in(ctx, namespace);
    if (!ctx.clusterFixed()) {
      return all;
    }
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!CONTROLLER_KEYS.contains(e.getKey())) {
        // Listed before, not inside, the index's computation: the memo's computations do not nest.
        Map<Label, List<Workload>> index =
            ctx.fromCluster(
                new LabelIndexKey(namespace),
                () -> {
                  Map<Label, List<Workload>> byLabel = new HashMap<>();
                  for (Workload w : all) {
                    for (Map.Entry<String, String> l : w.labels().entrySet()) {
                      byLabel
                          .computeIfAbsent(
                              new Label(l.getKey(), l.getValue()), k -> new ArrayList<>())
                          .add(w);
                    }
                  }
                  return byLabel;
                });
        return index.getOrDefault(new Label(e.getKey(), e.getValue()), List.of());
      }
    }
    return all;
  }

  /** The workload named by kind and name, or null when it is not known. */
  public static Workload find(
      RuleContext ctx, String group, String kind, String namespace, String name) {
    for (Workload w : in(ctx, namespace)) {
      if (w.group().equals(group) && w.kind().equals(kind) && w.name().equals(name)) {
        return w;
      }
    }
    return null;
  }

  /** Whether the kind is one {@link #in} lists. */
  public static boolean known(String group, String kind) {
    for (Kind k : KINDS) {
      if (k.group().equals(group) && k.kind().equals(kind)) {
        return true;
      }
    }
    return false;
  }

  private static Workload of(Kind k, JsonNode o, String namespace) {
    JsonNode template = o;
    for (String f : k.template()) {
      template = template.path(f);
    }
    int replicas = -1;
    if (k.scales()) {
      JsonNode r = o.path("spec").path("replicas");
      replicas = r.isIntegralNumber() ? r.intValue() : r.isMissingNode() || r.isNull() ? 1 : -1;
    }
    List<JsonNode> containers = new ArrayList<>();
    for (JsonNode c : template.path("spec").path("containers")) {
      containers.add(c);
    }
    return new Workload(
        k.group(),
        k.kind(),
        namespace,
        JsonText.text(o.path("metadata"), "name"),
        labels(template.path("metadata").path("labels")),
        replicas,
        containers,
        owned(o.path("metadata").path("ownerReferences")));
  }

  private static boolean owned(JsonNode owners) {
    for (JsonNode o : owners) {
      if (o.path("controller").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  /** A string map ({@code labels}, a Service selector); values that are not text are skipped. */
  public static Map<String, String> labels(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  /**
   * A Service's (or ReplicationController's) selector against a workload's pods: every pair must be
   * among the pod labels (a label the workload's controller adds counts).
   */
  public static boolean matchesMap(Map<String, String> selector, Workload w) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(w.podLabel(e.getKey(), e.getValue()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A LabelSelector ({@code matchLabels} and {@code matchExpressions} with In, NotIn, Exists,
   * DoesNotExist) against labels. An empty selector matches everything.
   */
  public static boolean matches(JsonNode selector, Workload w) {
    if (!matchesMap(labels(selector.path("matchLabels")), w)) {
      return false;
    }
    for (JsonNode e : selector.path("matchExpressions")) {
      String key = JsonText.text(e, "key");
      String op = JsonText.text(e, "operator");
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(v.asText()));
      boolean has = w.podLabel(key, null) != null;
      boolean ok =
          switch (op) {
            case "In" -> values.stream().anyMatch(v -> v.equals(w.podLabel(key, v)));
            case "NotIn" -> !has || values.stream().noneMatch(v -> v.equals(w.labels().get(key)));
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code app=web, tier=front} */
  public static String show(Map<String, String> selector) {
    StringBuilder b = new StringBuilder();
    selector.forEach(
        (k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }

  /**
   * Reports that a selector matched nothing: at the rule's action when the cluster is known, as a
   * warn in the CLI without cluster state (only the checked manifests were searched), not at all in
   * a webhook without cluster.
   *
   * @param what {@code no pod template matches the selector app=web}
   * @param fix what to do, without the final period
   */
  public static void matchedNothing(
      RuleContext ctx,
      dev.manifestguard.engine.Findings out,
      String path,
      String what,
      String namespace,
      String fix) {
    References.absentFromList(
        ctx,
        out,
        path,
        what + " in namespace \"" + namespace + "\"; " + fix + ".",
        what
            + " among the checked manifests and no cluster state was given; "
            + fix
            + ", or pass --cluster-state or --kubeconfig to verify.");
  }

  /** Whether a LabelSelector has neither matchLabels nor matchExpressions (it selects all). */
  public static boolean selectsAll(JsonNode selector) {
    return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty();
  }
}
