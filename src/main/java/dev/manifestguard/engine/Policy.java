package dev.manifestguard.engine;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The policy file (INTERFACES.md "Policy file"): per-rule actions, exclusions and rule settings.
 * Immutable; a reload builds a new one.
 */
public record Policy(
    Map<String, Action> rules, Exclude exclude, Settings settings, List<Exemption> exemptions) {

  public static final Policy DEFAULT = new Policy(Map.of(), Exclude.DEFAULT, Settings.DEFAULT);

  public Policy {
    rules = Map.copyOf(rules);
    exemptions = List.copyOf(exemptions);
  }

  public Policy(Map<String, Action> rules, Exclude exclude, Settings settings) {
    this(rules, exclude, settings, List.of());
  }

  /**
   * One scoped exemption: a finding of one of {@code rules} (or {@code all}) on an object that
   * matches every given scope becomes audit, marked as exempted with the reason. A scope that is
   * null matches anything; {@code containers} matches only findings inside a named container.
   *
   * @param expires the first day (UTC) on which the exemption no longer applies, or null
   */
  public record Exemption(
      List<String> rules,
      List<String> namespaces,
      List<String> kinds,
      List<String> names,
      List<String> containers,
      String reason,
      java.time.LocalDate expires) {

    public boolean expired(java.time.LocalDate today) {
      return expires != null && !today.isBefore(expires);
    }

    /**
     * @param container the name of the container the finding is in, or null when it is in none
     */
    public boolean matches(String rule, dev.manifestguard.model.ObjectRef ref, String container) {
      return (rules.contains("all") || rules.contains(rule))
          && (namespaces == null
              || Globs.anyMatch(namespaces, ref.namespace() == null ? "" : ref.namespace()))
          && (kinds == null || Globs.anyMatch(kinds, ref.kind()))
          && (names == null || Globs.anyMatch(names, ref.name()))
          && (containers == null || (container != null && Globs.anyMatch(containers, container)));
    }

    /** How the CLI and the log name it: its position and reason. */
    public String describe(int index) {
      return "exemptions[" + index + "] (" + reason + ")";
    }
  }

  /**
   * The exemptions that have expired on {@code today}, each as "exemptions[i] (reason) expired on
   * DATE", for the CLI's warning and the webhook's log.
   */
  public List<String> expiredExemptions(java.time.LocalDate today) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < exemptions.size(); i++) {
      Exemption e = exemptions.get(i);
      if (e.expired(today)) {
        out.add(e.describe(i) + " expired on " + e.expires());
      }
    }
    return out;
  }

  /**
   * The action configured for a rule: the policy's if it names the rule, else the rule's default.
   */
  public Action actionFor(RuleMeta meta) {
    return rules.getOrDefault(meta.id(), meta.defaultAction());
  }

  /**
   * @param namespaces objects in these namespaces are not checked (globs with {@code *})
   * @param users requests by these users are allowed untouched (globs with {@code *})
   * @param optOutNamespaces namespaces whose objects may use the skip annotation; null means all
   */
  public record Exclude(
      List<String> namespaces, List<String> users, List<String> optOutNamespaces) {
    public static final Exclude DEFAULT =
        new Exclude(List.of("kube-system", "kube-public", "kube-node-lease"), List.of(), null);

    /**
     * The one decision on exclusion: an object in an excluded namespace, or a request by an
     * excluded user, is not checked at all. The engine asks it of every object; the webhook asks it
     * of the request first, to answer (and count) an excluded request without reading its object.
     *
     * @param namespace "" or null for cluster-scoped objects, which no namespace excludes
     * @param user null when there is none (the CLI)
     */
    public boolean excludes(String namespace, String user) {
      return (namespace != null && !namespace.isEmpty() && Globs.anyMatch(namespaces, namespace))
          || (user != null && Globs.anyMatch(users, user));
    }

    public boolean mayOptOut(String ns) {
      return optOutNamespaces == null || Globs.anyMatch(optOutNamespaces, ns == null ? "" : ns);
    }
  }

  /** Thresholds of {@code resource-quantity-suspicious}, as quantity strings. */
  public record Suspicious(String minMemory, String maxMemory, long maxUnitlessCpu) {
    public static final Suspicious DEFAULT = new Suspicious("1Mi", "1Ti", 32);
  }

  public record ClusterNetworks(List<String> podCIDRs, List<String> serviceCIDRs) {
    public static final ClusterNetworks DEFAULT = new ClusterNetworks(List.of(), List.of());
  }

  public record AllowedTopology(List<String> regions, List<String> zones) {
    public static final AllowedTopology DEFAULT = new AllowedTopology(List.of(), List.of());
  }

  public record Settings(
      ClusterNetworks cluster,
      Suspicious suspicious,
      List<Integer> sensitivePorts,
      List<String> requiredLabels,
      AllowedTopology allowedTopology,
      List<String> productionNamespaces,
      Map<String, Pattern> namePatterns,
      List<EmbeddedSchema> embeddedSchemas) {
    public static final Settings DEFAULT =
        new Settings(
            ClusterNetworks.DEFAULT,
            Suspicious.DEFAULT,
            List.of(22, 2379, 3306, 5432, 6379, 9200, 11211, 27017),
            List.of("app.kubernetes.io/name"),
            AllowedTopology.DEFAULT,
            List.of(),
            Map.of(),
            List.of());

    public Settings {
      embeddedSchemas = List.copyOf(embeddedSchemas);
    }

    /** The schemas bound to a ConfigMap or Secret key, in policy order. */
    public List<EmbeddedSchema> schemasFor(String key) {
      List<EmbeddedSchema> out = new java.util.ArrayList<>(1);
      for (EmbeddedSchema s : embeddedSchemas) {
        if (Globs.matches(s.keys(), key)) {
          out.add(s);
        }
      }
      return out;
    }

    public boolean isProductionNamespace(String ns) {
      return Globs.anyMatch(productionNamespaces, ns == null ? "" : ns);
    }
  }

  /**
   * A JSON Schema bound to ConfigMap data and Secret stringData keys ({@code
   * configmap-embedded-invalid}), compiled when the policy is read.
   *
   * @param keys a glob over key names ({@code *} any run of characters)
   * @param schema the schema file as the policy names it (relative to the policy file)
   * @param compiled the schema, ready to validate
   */
  public record EmbeddedSchema(String keys, String schema, com.networknt.schema.Schema compiled) {}

  /** Shell-style globs where {@code *} matches any run of characters, as in the policy examples. */
  public static final class Globs {
    private Globs() {}

    public static boolean anyMatch(List<String> globs, String value) {
      for (String g : globs) {
        if (matches(g, value)) {
          return true;
        }
      }
      return false;
    }

    public static boolean matches(String glob, String value) {
      if (glob.indexOf('*') < 0) {
        return glob.equals(value);
      }
      StringBuilder re = new StringBuilder();
      String[] parts = glob.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          re.append(".*");
        }
        if (!parts[i].isEmpty()) {
          re.append(Pattern.quote(parts[i]));
        }
      }
      return Pattern.matches(re.toString(), value);
    }
  }
}
