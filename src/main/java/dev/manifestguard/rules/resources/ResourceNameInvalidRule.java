package dev.manifestguard.rules.resources;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.DidYouMean;
import dev.manifestguard.model.ResourceBlocks.Entry;
import dev.manifestguard.model.ResourceBlocks.LimitItem;
import dev.manifestguard.model.ResourceNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A resource name the apiserver refuses where it appears. Containers: a qualified name, unprefixed
 * only for cpu, memory, ephemeral-storage and hugepages-&lt;size&gt; (with a size that parses),
 * never attachable-volumes-*. Pod-level resources: cpu and memory only. Overhead, LimitRange items
 * of other types: a standard or prefixed name. ResourceQuota: a standard quota name or a prefixed
 * one. Claims and custom kinds' blocks are not checked: the apiserver does not check the former and
 * the meaning of the latter is the CRD's.
 */
public final class ResourceNameInvalidRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "resource-name-invalid",
          Category.RESOURCES,
          Action.DENY,
          List.of(
              "Pod",
              "PodTemplate",
              "Deployment",
              "ReplicaSet",
              "StatefulSet",
              "DaemonSet",
              "Job",
              "CronJob",
              "ReplicationController",
              "LimitRange",
              "ResourceQuota",
              "*"),
          "A resource name Kubernetes refuses where it appears (disk, gpu, attachable-volumes-* in a container, "
              + "anything but cpu and memory in pod-level resources).",
          "Use a standard resource name (cpu, memory, ephemeral-storage, hugepages-<size>) or a domain-prefixed "
              + "extended resource such as example.com/gpu.");

  static final String SHAPE =
      "a resource name is an optional DNS domain and '/', then up to 63 letters, digits, "
          + "'-', '_' or '.' that start and end with a letter or digit.";

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    var facts = ResourceFacts.of(ctx);
    Set<String> containerScoped = new HashSet<>();
    for (LimitItem item : facts.limitItems()) {
      if (item.type().equals("Pod") || item.type().equals("Container")) {
        for (var map : item.byRole().values()) {
          for (Entry e : map.values()) {
            containerScoped.add(e.path());
          }
        }
      }
    }
    for (Entry e : facts.entries()) {
      String message =
          switch (e.place()) {
            case CONTAINER -> container(e.name());
            case POD -> podLevel(e.name());
            case OVERHEAD -> general(e.name());
            case LIMIT_RANGE ->
                containerScoped.contains(e.path()) ? container(e.name()) : general(e.name());
            case QUOTA -> quota(e.name());
            case CLAIM, CUSTOM -> null;
          };
      if (message != null) {
        out.add(e.path(), message);
      }
    }
  }

  /**
   * Kubernetes' validateContainerResourceName, plus the page size of hugepages that the apiserver
   * needs.
   */
  static String container(String name) {
    if (!ResourceNames.isQualifiedName(name)) {
      return ResourceFacts.quoted(name) + " is not a valid resource name; " + SHAPE;
    }
    if (ResourceNames.unprefixed(name)) {
      if (name.startsWith("attachable-volumes-")) {
        return ResourceFacts.quoted(name)
            + " is a node's volume attach limit, not a container resource; remove it.";
      }
      if (ResourceNames.isHugePages(name)) {
        return ResourceNames.hugePageSize(name) == null
            ? ResourceFacts.quoted(name)
                + " does not name a valid page size; write hugepages-<size> such as "
                + "hugepages-2Mi or hugepages-1Gi."
            : null;
      }
      if (!ResourceNames.isStandardContainer(name)) {
        // short names ("gpu") are rarely typos of cpu
        String close =
            name.length() < 4 ? null : DidYouMean.closest(name, ResourceNames.STANDARD_CONTAINER);
        String example = name.equalsIgnoreCase("gpu") ? "nvidia.com/gpu" : "example.com/" + name;
        return ResourceFacts.quoted(name)
            + " is not a standard container resource; "
            + (close != null
                ? "did you mean " + close + "?"
                : "use cpu, memory, ephemeral-storage or hugepages-<size>, or a domain-prefixed extended "
                    + "resource such as "
                    + example
                    + ".");
      }
      return null;
    }
    if (!ResourceNames.isNative(name) && !ResourceNames.isExtended(name)) {
      return ResourceFacts.quoted(name) + " is not a valid extended resource name; " + SHAPE;
    }
    return null;
  }

  /** Kubernetes' validatePodResourceName. */
  static String podLevel(String name) {
    if (ResourceNames.POD_LEVEL.contains(name)) {
      return null;
    }
    return "pod-level resources support only cpu and memory, not "
        + ResourceFacts.quoted(name)
        + "; set it on the containers instead.";
  }

  /** Kubernetes' validateResourceName. */
  static String general(String name) {
    if (!ResourceNames.isQualifiedName(name)) {
      return ResourceFacts.quoted(name) + " is not a valid resource name; " + SHAPE;
    }
    if (ResourceNames.unprefixed(name) && !ResourceNames.isStandard(name)) {
      return ResourceFacts.quoted(name)
          + " is not a standard resource; use cpu, memory, ephemeral-storage, "
          + "hugepages-<size> or a domain-prefixed name such as example.com/"
          + name
          + ".";
    }
    return null;
  }

  /** Kubernetes' validateResourceQuotaResourceName. */
  static String quota(String name) {
    if (!ResourceNames.isQualifiedName(name)) {
      return ResourceFacts.quoted(name) + " is not a valid resource name; " + SHAPE;
    }
    if (ResourceNames.unprefixed(name) && !ResourceNames.isStandardQuota(name)) {
      return ResourceFacts.quoted(name)
          + " is not a resource a quota can limit; use a name such as "
          + "requests.cpu, limits.memory, pods, requests.storage or count/<resource>.";
    }
    return null;
  }
}
