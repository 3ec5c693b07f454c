package dev.manifestguard.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes' classification of resource names (the helpers behind the apiserver's resource
 * validation): which names are standard, native, extended, huge pages, and which may be
 * overcommitted.
 */
public final class ResourceNames {
  private ResourceNames() {}

  public static final String HUGEPAGES_PREFIX = "hugepages-";
  private static final String NATIVE_PREFIX = "kubernetes.io/";
  private static final String REQUESTS_PREFIX = "requests.";

  /** The resources a container may name without a domain prefix (plus {@code hugepages-<size>}). */
  public static final Set<String> STANDARD_CONTAINER = Set.of("cpu", "memory", "ephemeral-storage");

  /** The only resources pod-level {@code spec.resources} supports. */
  public static final Set<String> POD_LEVEL = Set.of("cpu", "memory");

  private static final Set<String> STANDARD =
      Set.of(
          "cpu",
          "memory",
          "ephemeral-storage",
          "requests.cpu",
          "requests.memory",
          "requests.ephemeral-storage",
          "limits.cpu",
          "limits.memory",
          "limits.ephemeral-storage",
          "pods",
          "resourcequotas",
          "services",
          "replicationcontrollers",
          "secrets",
          "configmaps",
          "persistentvolumeclaims",
          "storage",
          "requests.storage",
          "services.nodeports",
          "services.loadbalancers");

  private static final Set<String> STANDARD_QUOTA =
      Set.of(
          "cpu",
          "memory",
          "ephemeral-storage",
          "requests.cpu",
          "requests.memory",
          "requests.storage",
          "requests.ephemeral-storage",
          "limits.cpu",
          "limits.memory",
          "limits.ephemeral-storage",
          "pods",
          "services",
          "replicationcontrollers",
          "resourcequotas",
          "secrets",
          "persistentvolumeclaims",
          "configmaps",
          "services.nodeports",
          "services.loadbalancers");

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** Kubernetes' IsQualifiedName: {@code [dns-subdomain/]name}, name at most 63 characters. */
  public static boolean isQualifiedName(String s) {
    String[] parts = s.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      if (prefix.isEmpty()
          || prefix.length() > 253
          || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
      name = parts[1];
    } else {
      return false;
    }
    return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
  }

  public static boolean unprefixed(String name) {
    return name.indexOf('/') < 0;
  }

  /** Unprefixed, or in the kubernetes.io domain. */
  public static boolean isNative(String name) {
    return unprefixed(name) || name.contains(NATIVE_PREFIX);
  }

  public static boolean isHugePages(String name) {
    return name.startsWith(HUGEPAGES_PREFIX);
  }

  public static boolean isStandardContainer(String name) {
    return STANDARD_CONTAINER.contains(name) || isHugePages(name);
  }

  /** Kubernetes' IsStandardResourceName. */
  public static boolean isStandard(String name) {
    return STANDARD.contains(name)
        || isHugePages(name)
        || name.startsWith(REQUESTS_PREFIX + HUGEPAGES_PREFIX);
  }

  /** Kubernetes' IsStandardQuotaResourceName. */
  public static boolean isStandardQuota(String name) {
    return STANDARD_QUOTA.contains(name)
        || isHugePages(name)
        || name.startsWith(REQUESTS_PREFIX + HUGEPAGES_PREFIX);
  }

  /**
   * An extended resource ({@code nvidia.com/gpu}): a domain outside kubernetes.io, valid as a quota
   * name too.
   */
  public static boolean isExtended(String name) {
    return !isNative(name)
        && !name.startsWith(REQUESTS_PREFIX)
        && isQualifiedName(REQUESTS_PREFIX + name);
  }

  /** Requests of these may be below their limit; extended resources and huge pages may not. */
  public static boolean overcommitAllowed(String name) {
    return isNative(name) && !isHugePages(name);
  }

  /**
   * The page size of a {@code hugepages-<size>} name, or null when it does not parse to a positive
   * whole size.
   */
  public static Quantity hugePageSize(String name) {
    if (!isHugePages(name)) {
      return null;
    }
    Quantity size = Quantity.tryParse(name.substring(HUGEPAGES_PREFIX.length())).orElse(null);
    if (size == null
        || size.value().signum() <= 0
        || size.value().stripTrailingZeros().scale() > 0) {
      return null;
    }
    return size;
  }
}
