package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every place an object holds resource quantities, found in one walk and shared by the resource
 * rules: container and pod-level {@code resources}, pod {@code overhead}, claims (PVC, StatefulSet
 * volumeClaimTemplates, generic ephemeral volumes), LimitRange items, ResourceQuota {@code
 * spec.hard}, and, in custom kinds, any {@code resources: {requests, limits}} block anywhere in the
 * body (Argo Rollouts, Knative, KEDA, Tekton, OpenKruise... without a list of kinds).
 */
public final class ResourceBlocks {

  /**
   * Where a quantity lives; the rules differ per place (names allowed, thresholds that make sense).
   */
  public enum Place {
    /** {@code resources} of a container, init container or ephemeral container. */
    CONTAINER,
    /** Pod-level {@code spec.resources}. */
    POD,
    /** Pod {@code spec.overhead}. */
    OVERHEAD,
    /** {@code resources} of a PersistentVolumeClaim spec, wherever the claim spec lives. */
    CLAIM,
    /** A LimitRange item's max, min, default, defaultRequest or maxLimitRequestRatio. */
    LIMIT_RANGE,
    /** ResourceQuota {@code spec.hard}. */
    QUOTA,
    /** A {@code resources} block with requests/limits found generically in a custom kind. */
    CUSTOM
  }

  /**
   * A field path built only when asked for (a finding is made), then kept: a review of 200
   * containers has thousands of quantities and almost never reports one.
   */
  private static class LazyPath {
    private final LazyPath parent;
    private final String key;
    private String value;

    private LazyPath(LazyPath parent, String key) {
      this.parent = parent;
      this.key = key;
    }

    /** A path that is already a string. */
    static LazyPath of(String path) {
      LazyPath p = new LazyPath(null, null);
      p.value = path;
      return p;
    }

    /** The path of a container, which it also builds only when asked for. */
    static LazyPath of(ContainerRef container) {
      return new LazyPath(null, null) {
        @Override
        String get() {
          return container.path();
        }
      };
    }

    LazyPath child(String key) {
      return new LazyPath(this, key);
    }

    String get() {
      String v = value;
      if (v == null) {
        v = FieldPaths.child(parent.get(), key);
        value = v;
      }
      return v;
    }
  }

  /**
   * One quantity: a value class with the accessors and equality of a record whose components are
   * place, role, name, path, node, text and quantity; the path is built when first asked for.
   */
  public static final class Entry {
    private final Place place;
    private final String role;
    private final String name;

    /** The path of the map the entry sits in; the entry's own is built when first asked for. */
    private final LazyPath mapPath;

    private String path;
    private final JsonNode node;
    private final String text;
    private final Quantity quantity;

    private Entry(
        Place place,
        String role,
        String name,
        LazyPath mapPath,
        JsonNode node,
        String text,
        Quantity quantity) {
      this.place = place;
      this.role = role;
      this.name = name;
      this.mapPath = mapPath;
      this.node = node;
      this.text = text;
      this.quantity = quantity;
    }

    public Place place() {
      return place;
    }

    /**
     * The map it sits in: requests, limits, overhead, hard, max, min, default, defaultRequest or
     * maxLimitRequestRatio.
     */
    public String role() {
      return role;
    }

    public String name() {
      return name;
    }

    public String path() {
      String p = path;
      if (p == null) {
        p = FieldPaths.child(mapPath.get(), name);
        path = p;
      }
      return p;
    }

    public JsonNode node() {
      return node;
    }

    /**
     * The value as Kubernetes reads it (a string trimmed like the apiserver's JSON decoding does,
     * or a JSON number's text); null when the value is not a string or a number.
     */
    public String text() {
      return text;
    }

    /** The parsed value, or null when {@link #text()} is not a valid quantity. */
    public Quantity quantity() {
      return quantity;
    }

    public boolean valid() {
      return quantity != null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && place == e.place
          && role.equals(e.role)
          && name.equals(e.name)
          && path().equals(e.path())
          && node.equals(e.node)
          && Objects.equals(text, e.text)
          && Objects.equals(quantity, e.quantity);
    }

    @Override
    public int hashCode() {
      return Objects.hash(place, role, name, path(), node, text, quantity);
    }

    @Override
    public String toString() {
      return "Entry[place=%s, role=%s, name=%s, path=%s, node=%s, text=%s, quantity=%s]"
          .formatted(place, role, name, path(), node, text, quantity);
    }
  }

  /**
   * A requests/limits pair: a value class with the accessors and equality of a record whose
   * components are place, path, requests, limits, container and pod; the path is built when first
   * asked for.
   */
  public static final class Block {
    private final Place place;
    private final LazyPath path;
    private final Map<String, Entry> requests;
    private final Map<String, Entry> limits;
    private final ContainerRef container;
    private final PodSpecRef pod;

    private Block(
        Place place,
        LazyPath path,
        Map<String, Entry> requests,
        Map<String, Entry> limits,
        ContainerRef container,
        PodSpecRef pod) {
      this.place = place;
      this.path = path;
      this.requests = requests;
      this.limits = limits;
      this.container = container;
      this.pod = pod;
    }

    public Place place() {
      return place;
    }

    public String path() {
      return path.get();
    }

    public Map<String, Entry> requests() {
      return requests;
    }

    public Map<String, Entry> limits() {
      return limits;
    }

    /** The container, for {@link Place#CONTAINER}; otherwise null. */
    public ContainerRef container() {
      return container;
    }

    /** The pod spec, for {@link Place#CONTAINER} and {@link Place#POD}; otherwise null. */
    public PodSpecRef pod() {
      return pod;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Block b
          && place == b.place
          && path().equals(b.path())
          && requests.equals(b.requests)
          && limits.equals(b.limits)
          && Objects.equals(container, b.container)
          && Objects.equals(pod, b.pod);
    }

    @Override
    public int hashCode() {
      return Objects.hash(place, path(), requests, limits, container, pod);
    }

    @Override
    public String toString() {
      return "Block[place=%s, path=%s, requests=%s, limits=%s, container=%s, pod=%s]"
          .formatted(place, path(), requests, limits, container, pod);
    }
  }

  /** One item of a LimitRange's {@code spec.limits}, with its maps by role. */
  public record LimitItem(
      String path, JsonNode item, String type, Map<String, Map<String, Entry>> byRole) {
    public Map<String, Entry> role(String role) {
      return byRole.getOrDefault(role, Map.of());
    }
  }

  public static final List<String> LIMIT_RANGE_ROLES =
      List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio");

  /**
   * Generic search depth in custom kinds; a resources block nested deeper is not one anybody
   * writes.
   */
  private static final int MAX_GENERIC_DEPTH = 16;

  private final List<Entry> entries = new ArrayList<>();
  private final List<Block> blocks = new ArrayList<>();
  private final List<LimitItem> limitItems = new ArrayList<>();

  /**
   * Quantities parsed in this object, by text: a Rollout of 200 containers repeats a handful of
   * values, and {@link Quantity} is immutable.
   */
  private final Map<String, Optional<Quantity>> parsed = new HashMap<>();

  /**
   * The container lists of the object's pod specs, each with its containers by index: the generic
   * walk of a custom kind looks only at a container's own fields, and finds a list by comparing the
   * array with these few (not each container with all of them).
   */
  private List<ContainerList> containerLists = List.of();

  private record ContainerList(JsonNode array, ContainerRef[] byIndex) {}

  private ResourceBlocks() {}

  /** Every quantity of the object, in document order within each place. */
  public List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** Every requests/limits pair (containers, pod-level, claims, custom). */
  public List<Block> blocks() {
    return Collections.unmodifiableList(blocks);
  }

  public List<LimitItem> limitItems() {
    return Collections.unmodifiableList(limitItems);
  }

  public static ResourceBlocks find(
      Manifest m, List<PodSpecRef> pods, List<ContainerRef> containers) {
    ResourceBlocks found = new ResourceBlocks();
    // The pod-level and claim resources nodes already taken, by identity: the generic walk of a
    // custom kind then skips them. It never reaches a container's resources: it reads only a
    // container's computeResources (see containerFields).
    boolean builtIn = Kinds.isBuiltInGroup(m.apiVersion());
    Set<JsonNode> seen =
        builtIn ? new NoSet<>() : Collections.newSetFromMap(new IdentityHashMap<>());
    if (!containers.isEmpty() && !builtIn) {
      found.containerLists = containerLists(containers);
    }
    for (ContainerRef c : containers) {
      LazyPath path = LazyPath.of(c).child("resources");
      found.block(Place.CONTAINER, path, c.field(ContainerField.RESOURCES), c, c.pod());
    }
    for (PodSpecRef p : pods) {
      // Paths are built only for the blocks that exist: most pods set neither pod-level resources
      // nor ephemeral volume claims.
      JsonNode podResources = p.spec().path("resources");
      if (podResources.isObject()) {
        String resources = FieldPaths.child(p.path(), "resources");
        found.block(Place.POD, LazyPath.of(resources), podResources, null, p);
        seen.add(podResources);
      }
      found.map(Place.OVERHEAD, "overhead", LazyPath.of(p.path()), p.spec().path("overhead"));
      JsonNode volumes = p.spec().path("volumes");
      for (int i = 0; i < volumes.size() && volumes.isArray(); i++) {
        JsonNode node =
            volumes
                .get(i)
                .path("ephemeral")
                .path("volumeClaimTemplate")
                .path("spec")
                .path("resources");
        if (node.isObject()) {
          String claim =
              FieldPaths.descend(
                  FieldPaths.index(FieldPaths.child(p.path(), "volumes"), i),
                  "ephemeral.volumeClaimTemplate.spec.resources");
          found.block(Place.CLAIM, LazyPath.of(claim), node, null, null);
          seen.add(node);
        }
      }
    }
    JsonNode obj = m.object();
    if (builtIn) {
      String group = m.ref().group();
      switch (m.kind()) {
        case "PersistentVolumeClaim" -> {
          if (group.isEmpty()) {
            found.block(
                Place.CLAIM,
                LazyPath.of("spec.resources"),
                obj.path("spec").path("resources"),
                null,
                null);
          }
        }
        case "StatefulSet" -> {
          JsonNode templates = obj.path("spec").path("volumeClaimTemplates");
          for (int i = 0; i < templates.size() && templates.isArray(); i++) {
            String path =
                FieldPaths.child(
                    FieldPaths.child(FieldPaths.index("spec.volumeClaimTemplates", i), "spec"),
                    "resources");
            found.block(
                Place.CLAIM,
                LazyPath.of(path),
                templates.get(i).path("spec").path("resources"),
                null,
                null);
          }
        }
        case "LimitRange" -> found.limitRange(obj.path("spec").path("limits"));
        case "ResourceQuota" ->
            found.map(Place.QUOTA, "hard", LazyPath.of("spec"), obj.path("spec").path("hard"));
        default -> {}
      }
    } else {
      Object[] segments = new Object[MAX_GENERIC_DEPTH + 1];
      var fields = obj.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        if (!e.getKey().equals("metadata")
            && !e.getKey().equals("status")
            && e.getValue().isContainerNode()) {
          segments[0] = e.getKey();
          found.generic(e.getValue(), segments, seen, 1);
        }
      }
    }
    return found;
  }

  /**
   * The set of nodes already taken, for a built-in kind: only the generic walk of a custom kind
   * reads it.
   */
  private static final class NoSet<T> extends java.util.AbstractSet<T> {
    @Override
    public boolean add(T t) {
      return true;
    }

    @Override
    public java.util.Iterator<T> iterator() {
      return Collections.emptyIterator();
    }

    @Override
    public int size() {
      return 0;
    }
  }

  /**
   * Looks for requirements blocks under {@code node}, whose path is {@code segments[0..depth-1]}
   * (keys as Strings, array indexes as Integers): the path string is built only for a block found.
   */
  private void generic(JsonNode node, Object[] segments, Set<JsonNode> seen, int depth) {
    if (depth > MAX_GENERIC_DEPTH) {
      return;
    }
    if (node.isObject()) {
      var fields = node.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        JsonNode v = e.getValue();
        if (isRequirements(e.getKey(), v)) {
          if (seen.add(v)) {
            segments[depth] = e.getKey();
            block(Place.CUSTOM, LazyPath.of(path(segments, depth + 1)), v, null, null);
          }
        } else if (v.isContainerNode()) {
          segments[depth] = e.getKey();
          generic(v, segments, seen, depth + 1);
        }
      }
    } else if (node.isArray()) {
      ContainerRef[] containers = containersIn(node);
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        ContainerRef container = containers == null ? null : containers[i];
        if (container != null) {
          segments[depth] = i;
          containerFields(container, segments, depth + 1);
        } else if (item.isContainerNode()) {
          segments[depth] = i;
          generic(item, segments, seen, depth + 1);
        }
      }
    }
  }

  /**
   * A container already found: only its own fields can hold a requirements block, its {@code
   * resources} (taken with the containers) or a {@code computeResources}; the Container schema
   * nests none deeper, and its env, ports, probes and mounts are most of a large pod template's
   * nodes.
   */
  private void containerFields(ContainerRef container, Object[] segments, int depth) {
    if (depth > MAX_GENERIC_DEPTH) {
      return;
    }
    JsonNode v = container.field(ContainerField.COMPUTE_RESOURCES);
    if (isRequirements(ContainerField.COMPUTE_RESOURCES.key(), v)) {
      segments[depth] = ContainerField.COMPUTE_RESOURCES.key();
      block(Place.CUSTOM, LazyPath.of(path(segments, depth + 1)), v, null, null);
    }
  }

  /** The containers of each container list in the pod specs, by index within their list. */
  private static List<ContainerList> containerLists(List<ContainerRef> containers) {
    List<ContainerList> lists = new ArrayList<>();
    ContainerList current = null;
    ContainerRef previous = null;
    for (ContainerRef c : containers) {
      // The containers of one list come one after the other (PodSpecs.containers).
      if (previous == null || c.pod() != previous.pod() || !c.list().equals(previous.list())) {
        JsonNode array = c.pod().spec().get(c.list());
        current = new ContainerList(array, new ContainerRef[array.size()]);
        lists.add(current);
      }
      current.byIndex()[c.index()] = c;
      previous = c;
    }
    return lists;
  }

  /** The containers of {@code array} by index when it is a container list, else null. */
  private ContainerRef[] containersIn(JsonNode array) {
    for (ContainerList list : containerLists) {
      if (list.array() == array) {
        return list.byIndex();
      }
    }
    return null;
  }

  private static String path(Object[] segments, int length) {
    String path = "";
    for (int i = 0; i < length; i++) {
      path =
          segments[i] instanceof Integer n
              ? FieldPaths.index(path, n)
              : FieldPaths.child(path, (String) segments[i]);
    }
    return path;
  }

  /** {@code resources} (or Tekton's {@code computeResources}) holding a requests or limits map. */
  private static boolean isRequirements(String key, JsonNode v) {
    return (key.equals("resources") || key.equals("computeResources"))
        && v.isObject()
        && (v.path("requests").isObject() || v.path("limits").isObject());
  }

  private void block(
      Place place, LazyPath path, JsonNode node, ContainerRef container, PodSpecRef pod) {
    if (!node.isObject()) {
      return;
    }
    Map<String, Entry> requests = map(place, "requests", path, node.path("requests"));
    Map<String, Entry> limits = map(place, "limits", path, node.path("limits"));
    blocks.add(new Block(place, path, requests, limits, container, pod));
  }

  private void limitRange(JsonNode limits) {
    if (!limits.isArray()) {
      return;
    }
    for (int i = 0; i < limits.size(); i++) {
      JsonNode item = limits.get(i);
      String path = FieldPaths.index("spec.limits", i);
      Map<String, Map<String, Entry>> byRole = new LinkedHashMap<>();
      for (String role : LIMIT_RANGE_ROLES) {
        byRole.put(role, map(Place.LIMIT_RANGE, role, LazyPath.of(path), item.path(role)));
      }
      JsonNode type = item.path("type");
      limitItems.add(new LimitItem(path, item, type.isTextual() ? type.textValue() : "", byRole));
    }
  }

  /** The map {@code role} under {@code parent}; {@code role} is also the map's key there. */
  private Map<String, Entry> map(Place place, String role, LazyPath parent, JsonNode node) {
    if (!node.isObject()) {
      return Map.of();
    }
    LazyPath path = parent.child(role);
    SmallMap<Entry> out = new SmallMap<>(node.size());
    var fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      String text = text(e.getValue());
      Quantity q =
          text == null ? null : parsed.computeIfAbsent(text, Quantity::tryParse).orElse(null);
      Entry entry = new Entry(place, role, e.getKey(), path, e.getValue(), text, q);
      out.put(e.getKey(), entry);
      entries.add(entry);
    }
    return out.freeze();
  }

  /**
   * The text Kubernetes parses for a quantity written as this JSON value, or null for anything but
   * a string or a number. What reaches {@code Quantity.UnmarshalJSON} is the value as kubectl sends
   * it: the object re-encoded by Go's {@code encoding/json}. So a number is the int64 or float64
   * kubectl decoded it into, in Go's JSON form ({@code 1e3} and {@code 1.0} arrive as {@code 1000}
   * and {@code 1}); a string arrives JSON-escaped, and UnmarshalJSON strips the quotes, not the
   * escapes, then trims with {@code strings.TrimSpace}: a blank or no-break space around it goes,
   * while a tab or newline (escaped as {@code \t}, {@code \n}) stays and makes it invalid.
   */
  public static String quantityText(JsonNode v) {
    if (v.isTextual()) {
      return goTrimSpace(v.textValue());
    }
    if (v.isNumber()) {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return Long.toString(v.longValue());
      }
      return goJsonFloat(v.decimalValue());
    }
    return null;
  }

  private static String text(JsonNode v) {
    return quantityText(v);
  }

  /**
   * Go's {@code strings.TrimSpace} applied to the string as Go's JSON encoder writes it: only the
   * white space that the encoder leaves unescaped can be trimmed (escaped characters arrive as a
   * backslash sequence, which is not space).
   */
  static String goTrimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && unescapedSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && unescapedSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Go's {@code unicode.IsSpace} minus what {@code encoding/json} escapes (control characters below
   * U+0020, U+2028 and U+2029).
   */
  private static boolean unescapedSpace(char c) {
    return c == ' '
        || c == '\u0085'
        || c == '\u00a0'
        || c == '\u1680'
        || (c >= '\u2000' && c <= '\u200a')
        || c == '\u202f'
        || c == '\u205f'
        || c == '\u3000';
  }

  /**
   * A number as the float64 Go's {@code encoding/json} writes: the shortest decimal that reads back
   * as the same float64, plain between 1e-6 and 1e21, else in exponent form ({@code 1e+21}, {@code
   * 1e-7}). A value beyond float64 keeps its exact decimal form.
   */
  static String goJsonFloat(java.math.BigDecimal exact) {
    double d = exact.doubleValue();
    if (!Double.isFinite(d)) {
      return exact.toString();
    }
    if (d == 0) {
      return "0";
    }
    java.math.BigDecimal shortest =
        new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    // Go writes at least two exponent digits, then encoding/json shortens e-07 to e-7.
    out.append(e < 10 && exponent > 0 ? "0" + e : Integer.toString(e));
    return out.toString();
  }
}
