package dev.manifestguard.model;

import java.util.Set;

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

  /**
   * Kubernetes' IsQualifiedName: {@code [dns-subdomain/]name}, name at most 63 characters. Written
   * out by hand rather than as the two regular expressions it stands for ({@code
   * ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]} and the DNS-1123 subdomain): it runs for every
   * resource name of every container, and a regex matcher per name was a tenth of a large review.
   */
  public static boolean isQualifiedName(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return isName(s, 0, s.length());
    }
    if (s.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return slash > 0 && slash <= 253 && isDnsSubdomain(s, 0, slash)
        ? isName(s, slash + 1, s.length())
        : false;
  }

  /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}, at most 63 characters. */
  private static boolean isName(String s, int from, int to) {
    int n = to - from;
    if (n == 0 || n > 63 || !isAsciiAlnum(s.charAt(from)) || !isAsciiAlnum(s.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = s.charAt(i);
      if (!isAsciiAlnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}: dot-separated labels,
   * each non-empty, starting and ending with a lower-case letter or digit.
   */
  private static boolean isDnsSubdomain(String s, int from, int to) {
    int labelStart = from;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c == '.') {
        if (i == labelStart
            || !isLowerAlnum(s.charAt(labelStart))
            || !isLowerAlnum(s.charAt(i - 1))) {
          return false;
        }
        labelStart = i + 1;
      } else if (!isLowerAlnum(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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
