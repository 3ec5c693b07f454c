package dev.manifestguard.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates a policy file. Strict on purpose: an unknown key or rule id is a typo that
 * would otherwise silently leave a rule at its default.
 */
public final class PolicyParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Set<String> knownRules;

  /** Where the policy file lives, while one is parsed. */
  private Path baseDir;

  public PolicyParser(Set<String> knownRules) {
    this.knownRules = knownRules;
  }

  /**
   * Parses a policy whose relative paths (embedded schemas) are relative to the working directory.
   */
  public Policy parse(String text) throws PolicyException {
    return parse(text, null);
  }

  /**
   * Parses a policy.
   *
   * @param baseDir the directory of the policy file, against which the schema files of {@code
   *     settings.embeddedSchemas} are resolved; null for the working directory
   */
  public Policy parse(String text, Path baseDir) throws PolicyException {
    this.baseDir = baseDir;
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new PolicyException(
          "policy is not valid YAML: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()),
          e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return Policy.DEFAULT;
    }
    requireObject(root, "policy");
    onlyKeys(root, "", Set.of("rules", "exclude", "settings", "exemptions"));
    return new Policy(
        rules(root.path("rules")),
        exclude(root.path("exclude")),
        settings(root.path("settings")),
        exemptions(root.path("exemptions")));
  }

  private List<Policy.Exemption> exemptions(JsonNode node) throws PolicyException {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new PolicyException("exemptions: expected a list of exemptions");
    }
    List<Policy.Exemption> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String key = "exemptions[" + i + "]";
      JsonNode e = node.get(i);
      requireObject(e, key);
      onlyKeys(
          e,
          key + ".",
          Set.of("rules", "namespaces", "kinds", "names", "containers", "reason", "expires"));
      if (!e.has("rules")) {
        throw new PolicyException(key + ".rules: missing (rule ids, or [all])");
      }
      List<String> rules = strings(e.get("rules"), key + ".rules");
      if (rules.isEmpty()) {
        throw new PolicyException(key + ".rules: empty (rule ids, or [all])");
      }
      for (String r : rules) {
        if (!r.equals("all") && !knownRules.contains(r)) {
          throw new PolicyException(
              key + ".rules: unknown rule id " + r + suggestion(r, knownRules));
        }
      }
      JsonNode reason = e.get("reason");
      if (reason == null || !reason.isTextual() || reason.textValue().isBlank()) {
        throw new PolicyException(
            key + ".reason: missing; every exemption must say why (it is shown with each finding)");
      }
      java.time.LocalDate expires = null;
      if (e.hasNonNull("expires")) {
        try {
          expires = java.time.LocalDate.parse(e.get("expires").asText());
        } catch (java.time.format.DateTimeParseException ex) {
          throw new PolicyException(
              key + ".expires: \"" + e.get("expires").asText() + "\" is not a date (YYYY-MM-DD)");
        }
      }
      out.add(
          new Policy.Exemption(
              rules,
              optionalStrings(e, key + ".", "namespaces"),
              optionalStrings(e, key + ".", "kinds"),
              optionalStrings(e, key + ".", "names"),
              optionalStrings(e, key + ".", "containers"),
              reason.textValue().trim(),
              expires));
    }
    return List.copyOf(out);
  }

  /** A scope list, or null (any) when the key is absent. */
  private static List<String> optionalStrings(JsonNode parent, String prefix, String key)
      throws PolicyException {
    return parent.has(key) && !parent.get(key).isNull()
        ? strings(parent.get(key), prefix + key)
        : null;
  }

  private Map<String, Action> rules(JsonNode node) throws PolicyException {
    Map<String, Action> out = new HashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    requireObject(node, "rules");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!knownRules.contains(e.getKey())) {
        throw new PolicyException(
            "rules." + e.getKey() + ": unknown rule id" + suggestion(e.getKey(), knownRules));
      }
      if (!e.getValue().isTextual()) {
        throw new PolicyException(
            "rules." + e.getKey() + ": expected one of deny, warn, audit, off");
      }
      try {
        out.put(e.getKey(), Action.fromId(e.getValue().textValue()));
      } catch (IllegalArgumentException ex) {
        throw new PolicyException("rules." + e.getKey() + ": " + ex.getMessage());
      }
    }
    return out;
  }

  private Policy.Exclude exclude(JsonNode node) throws PolicyException {
    if (node.isMissingNode() || node.isNull()) {
      return Policy.Exclude.DEFAULT;
    }
    requireObject(node, "exclude");
    onlyKeys(node, "exclude.", Set.of("namespaces", "users", "optOutNamespaces"));
    Policy.Exclude d = Policy.Exclude.DEFAULT;
    return new Policy.Exclude(
        node.has("namespaces")
            ? strings(node.get("namespaces"), "exclude.namespaces")
            : d.namespaces(),
        node.has("users") ? strings(node.get("users"), "exclude.users") : d.users(),
        node.has("optOutNamespaces")
            ? strings(node.get("optOutNamespaces"), "exclude.optOutNamespaces")
            : null);
  }

  private Policy.Settings settings(JsonNode node) throws PolicyException {
    Policy.Settings d = Policy.Settings.DEFAULT;
    if (node.isMissingNode() || node.isNull()) {
      return d;
    }
    requireObject(node, "settings");
    onlyKeys(
        node,
        "settings.",
        Set.of(
            "cluster",
            "suspicious",
            "sensitivePorts",
            "requiredLabels",
            "allowedTopology",
            "productionNamespaces",
            "namePatterns",
            "embeddedSchemas"));
    return new Policy.Settings(
        node.has("cluster") ? cluster(node.get("cluster")) : d.cluster(),
        node.has("suspicious") ? suspicious(node.get("suspicious")) : d.suspicious(),
        node.has("sensitivePorts") ? ports(node.get("sensitivePorts")) : d.sensitivePorts(),
        strings(node, "settings.", "requiredLabels", d.requiredLabels()),
        node.has("allowedTopology") ? topology(node.get("allowedTopology")) : d.allowedTopology(),
        strings(node, "settings.", "productionNamespaces", d.productionNamespaces()),
        node.has("namePatterns") ? namePatterns(node.get("namePatterns")) : d.namePatterns(),
        node.has("embeddedSchemas")
            ? embeddedSchemas(node.get("embeddedSchemas"))
            : d.embeddedSchemas());
  }

  /**
   * {@code settings.embeddedSchemas}: each entry's schema file is read and compiled now, so that a
   * missing or broken schema is a policy error (CLI exit 2, webhook keeps its previous policy).
   */
  private List<Policy.EmbeddedSchema> embeddedSchemas(JsonNode node) throws PolicyException {
    if (!node.isArray()) {
      throw new PolicyException(
          "settings.embeddedSchemas: expected a list of {keys: GLOB, schema: FILE}");
    }
    List<Policy.EmbeddedSchema> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "settings.embeddedSchemas[" + i + "]";
      JsonNode e = node.get(i);
      requireObject(e, at);
      onlyKeys(e, at + ".", Set.of("keys", "schema"));
      if (!e.path("keys").isTextual() || e.path("keys").textValue().isEmpty()) {
        throw new PolicyException(at + ".keys: expected a key name or glob such as \"*.json\"");
      }
      if (!e.path("schema").isTextual() || e.path("schema").textValue().isEmpty()) {
        throw new PolicyException(at + ".schema: expected the path of a JSON Schema file");
      }
      String schema = e.get("schema").textValue();
      out.add(
          new Policy.EmbeddedSchema(
              e.get("keys").textValue(), schema, EmbeddedSchemas.compile(resolve(schema), at)));
    }
    return List.copyOf(out);
  }

  private Path resolve(String file) {
    Path p = Path.of(file);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }

  private Policy.ClusterNetworks cluster(JsonNode node) throws PolicyException {
    requireObject(node, "settings.cluster");
    onlyKeys(node, "settings.cluster.", Set.of("podCIDRs", "serviceCIDRs"));
    return new Policy.ClusterNetworks(
        strings(node, "settings.cluster.", "podCIDRs", List.of()),
        strings(node, "settings.cluster.", "serviceCIDRs", List.of()));
  }

  private Policy.Suspicious suspicious(JsonNode node) throws PolicyException {
    requireObject(node, "settings.suspicious");
    onlyKeys(node, "settings.suspicious.", Set.of("minMemory", "maxMemory", "maxUnitlessCpu"));
    Policy.Suspicious d = Policy.Suspicious.DEFAULT;
    String min =
        node.has("minMemory")
            ? quantityText(node.get("minMemory"), "settings.suspicious.minMemory")
            : d.minMemory();
    String max =
        node.has("maxMemory")
            ? quantityText(node.get("maxMemory"), "settings.suspicious.maxMemory")
            : d.maxMemory();
    long cpu = d.maxUnitlessCpu();
    if (node.has("maxUnitlessCpu")) {
      JsonNode c = node.get("maxUnitlessCpu");
      if (!c.canConvertToLong() || !c.isIntegralNumber() || c.asLong() <= 0) {
        throw new PolicyException(
            "settings.suspicious.maxUnitlessCpu: expected a positive whole number");
      }
      cpu = c.asLong();
    }
    return new Policy.Suspicious(min, max, cpu);
  }

  private Policy.AllowedTopology topology(JsonNode node) throws PolicyException {
    requireObject(node, "settings.allowedTopology");
    onlyKeys(node, "settings.allowedTopology.", Set.of("regions", "zones"));
    return new Policy.AllowedTopology(
        strings(node, "settings.allowedTopology.", "regions", List.of()),
        strings(node, "settings.allowedTopology.", "zones", List.of()));
  }

  /**
   * The string list at {@code parent.key} ({@code prefix} names the parent in errors), or {@code
   * otherwise}.
   */
  private static List<String> strings(
      JsonNode parent, String prefix, String key, List<String> otherwise) throws PolicyException {
    return parent.has(key) ? strings(parent.get(key), prefix + key) : otherwise;
  }

  private Map<String, Pattern> namePatterns(JsonNode node) throws PolicyException {
    requireObject(node, "settings.namePatterns");
    Map<String, Pattern> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw new PolicyException(
            "settings.namePatterns." + e.getKey() + ": expected a regular expression string");
      }
      try {
        out.put(e.getKey(), Pattern.compile(e.getValue().textValue()));
      } catch (PatternSyntaxException ex) {
        throw new PolicyException(
            "settings.namePatterns."
                + e.getKey()
                + ": invalid regular expression: "
                + ex.getDescription());
      }
    }
    return out;
  }

  private static List<Integer> ports(JsonNode node) throws PolicyException {
    if (!node.isArray()) {
      throw new PolicyException("settings.sensitivePorts: expected a list of port numbers");
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode p : node) {
      if (!p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > 65535) {
        throw new PolicyException(
            "settings.sensitivePorts: " + p + " is not a port number (1-65535)");
      }
      out.add(p.asInt());
    }
    return List.copyOf(out);
  }

  private static String quantityText(JsonNode node, String key) throws PolicyException {
    if (!node.isTextual() && !node.isNumber()) {
      throw new PolicyException(key + ": expected a quantity such as 1Mi");
    }
    String text = node.asText();
    if (dev.manifestguard.model.Quantity.tryParse(text).isEmpty()) {
      throw new PolicyException(key + ": \"" + text + "\" is not a valid quantity");
    }
    return text;
  }

  private static List<String> strings(JsonNode node, String key) throws PolicyException {
    if (!node.isArray()) {
      throw new PolicyException(key + ": expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : node) {
      if (!s.isTextual()) {
        throw new PolicyException(key + ": expected a list of strings, found " + s);
      }
      out.add(s.textValue());
    }
    return List.copyOf(out);
  }

  private static void requireObject(JsonNode node, String key) throws PolicyException {
    if (!node.isObject()) {
      throw new PolicyException(key + ": expected a mapping");
    }
  }

  private static void onlyKeys(JsonNode node, String prefix, Set<String> allowed)
      throws PolicyException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new PolicyException(prefix + k + ": unknown key" + suggestion(k, allowed));
      }
    }
  }

  private static String suggestion(String given, Set<String> known) {
    String best = dev.manifestguard.model.DidYouMean.closest(given, known);
    return best == null ? "" : " (did you mean " + best + "?)";
  }
}
