package dev.manifestguard.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.PodSpecs;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What turns a finding into a suppressed audit finding, per object: the skip annotation on the
 * object and on its pod templates, and the policy's scoped exemptions.
 */
final class Suppressions {
  private final Set<String> skipped;
  private final Map<String, Set<String>> templateSkips;
  private final List<Policy.Exemption> exemptions;
  private final Manifest object;
  private List<PodSpecs.ContainerRef> containers;

  Suppressions(Manifest object, Policy policy) {
    this.object = object;
    boolean optOut = policy.exclude().mayOptOut(object.ref().namespace());
    this.skipped = optOut ? skipList(object.object()) : Set.of();
    this.templateSkips = optOut ? templateSkips(object) : Map.of();
    this.exemptions = active(policy, LocalDate.now(ZoneOffset.UTC));
  }

  /** The exemptions that have not expired on {@code today}. */
  static List<Policy.Exemption> active(Policy policy, LocalDate today) {
    if (policy.exemptions().isEmpty()) {
      return List.of();
    }
    List<Policy.Exemption> out = new ArrayList<>();
    for (Policy.Exemption e : policy.exemptions()) {
      if (!e.expired(today)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Skipped by the annotation on the object, or on the pod template the finding's path lies in. */
  boolean skipped(Finding f) {
    if (skipped.contains(f.rule()) || skipped.contains("all")) {
      return true;
    }
    for (Map.Entry<String, Set<String>> e : templateSkips.entrySet()) {
      if (within(f.path(), e.getKey())
          && (e.getValue().contains(f.rule()) || e.getValue().contains("all"))) {
        return true;
      }
    }
    return false;
  }

  /** The first active exemption that covers the finding, or null. */
  Policy.Exemption exemption(Finding f) {
    for (Policy.Exemption e : exemptions) {
      String container = e.containers() == null ? null : containerOf(f.path());
      if (e.matches(f.rule(), f.object(), container)) {
        return e;
      }
    }
    return null;
  }

  private String containerOf(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    if (containers == null) {
      containers = new ArrayList<>();
      for (PodSpecs.PodSpecRef pod : PodSpecs.find(object)) {
        containers.addAll(PodSpecs.containers(pod));
      }
    }
    for (PodSpecs.ContainerRef c : containers) {
      if (within(path, c.path())) {
        return c.name();
      }
    }
    return null;
  }

  /** True when {@code path} is {@code prefix} or a field or index below it. */
  static boolean within(String path, String prefix) {
    return path != null
        && path.startsWith(prefix)
        && (path.length() == prefix.length()
            || path.charAt(prefix.length()) == '.'
            || path.charAt(prefix.length()) == '[');
  }

  /** Pod template path ({@code spec.template}) to the rules its skip annotation names. */
  private static Map<String, Set<String>> templateSkips(Manifest object) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (PodSpecs.PodSpecRef pod : PodSpecs.find(object)) {
      if (!pod.path().endsWith(".spec")) {
        continue; // a Pod's own spec: its metadata is the object's
      }
      String template = pod.path().substring(0, pod.path().length() - ".spec".length());
      Set<String> rules = skipList(FieldPaths.at(object.object(), template));
      if (!rules.isEmpty()) {
        out.put(template, rules);
      }
    }
    return out;
  }

  static Set<String> skipList(JsonNode objectOrTemplate) {
    JsonNode value =
        objectOrTemplate.path("metadata").path("annotations").path(RuleEngine.SKIP_ANNOTATION);
    if (!value.isTextual()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (String part : value.textValue().split(",")) {
      String id = part.trim().toLowerCase(Locale.ROOT);
      if (!id.isEmpty()) {
        out.add(id);
      }
    }
    return out;
  }
}
