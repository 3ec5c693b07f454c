package dev.manifestguard.rules.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A credential written in clear: an env var or ConfigMap key named like one, holding a literal that
 * could be one, or any value holding a PEM private key. Precise on purpose: {@code
 * TOKEN_TTL_SECONDS: "3600"} and {@code DB_PASSWORD_FILE: /run/secrets/db} are not credentials.
 * Messages never repeat the value.
 */
public final class SecretInEnvRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "secret-in-env",
          Category.SECURITY,
          Action.DENY,
          PodSpecs.podKindsAnd("ConfigMap"),
          "An env var or ConfigMap key named like a credential (PASSWORD, TOKEN, API_KEY, ...) with a literal value "
              + "that could be one.",
          "Move the value to a Secret and reference it with valueFrom.secretKeyRef (or mount the Secret).");

  /** Last word of the name (one word). */
  private static final Set<String> ONE_WORD =
      Set.of("PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS");

  /** Last two words of the name. */
  private static final Set<String> TWO_WORDS =
      Set.of("API KEY", "PRIVATE KEY", "ACCESS KEY", "SECRET KEY");

  private static final Set<String> NOT_A_SECRET =
      Set.of(
          "true",
          "false",
          "yes",
          "no",
          "on",
          "off",
          "y",
          "n",
          "null",
          "nil",
          "none",
          "enabled",
          "disabled");

  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  /**
   * Only references: {@code $(VAR)} (Kubernetes expansion) or {@code ${VAR}} (templating), possibly
   * several.
   */
  private static final Pattern REFERENCES =
      Pattern.compile("(\\$\\([A-Za-z_][A-Za-z0-9_.-]*\\)|\\$\\{[^}]*\\}|\\{\\{.*?\\}\\})+");

  private static final Pattern PATH =
      Pattern.compile("(/|\\./|\\.\\./|~/|file://|[A-Za-z]:\\\\)\\S*");
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-{3,}\\s*BEGIN [A-Z0-9 ]*PRIVATE KEY");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    // Verdicts on names, per review: the containers of a large pod template repeat the same env
    // names (LOG_LEVEL in each of 200), and splitting a name into words is most of this rule's
    // cost.
    Map<String, Boolean> credentialNames = new HashMap<>();
    Predicate<String> credentialName =
        name -> credentialNames.computeIfAbsent(name, SecretInEnvRule::credentialName);
    for (ContainerRef c : ctx.containers()) {
      JsonNode env = c.field(ContainerField.ENV);
      for (int i = 0; i < env.size(); i++) {
        JsonNode e = env.path(i);
        JsonNode name = e.path("name");
        JsonNode value = e.path("value");
        if (!name.isTextual() || !value.isTextual() || e.has("valueFrom")) {
          continue;
        }
        String problem = problem(name.textValue(), value.textValue(), credentialName);
        if (problem != null) {
          out.add(
              FieldPaths.child(FieldPaths.index(FieldPaths.child(c.path(), "env"), i), "value"),
              "env var "
                  + name.textValue()
                  + " holds "
                  + problem
                  + "; move it to a Secret and use valueFrom.secretKeyRef.");
        }
      }
    }
    if (ctx.kind().equals("ConfigMap") && ctx.group().isEmpty()) {
      JsonNode data = ctx.object().path("data");
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          continue;
        }
        String problem = problem(e.getKey(), e.getValue().textValue());
        if (problem != null) {
          out.add(
              FieldPaths.child("data", e.getKey()),
              "ConfigMap key "
                  + e.getKey()
                  + " holds "
                  + problem
                  + "; move it to a Secret and mount or reference it from there.");
        }
      }
    }
  }

  /** What the pair holds, or null when it is not a credential. */
  static String problem(String name, String value) {
    return problem(name, value, SecretInEnvRule::credentialName);
  }

  /** As {@link #problem(String, String)}, with the name check given (a cached one). */
  private static String problem(String name, String value, Predicate<String> credentialName) {
    // The plain search first: the regex costs a Matcher per value, and nearly no value has a key.
    if (value.contains("PRIVATE KEY") && PRIVATE_KEY.matcher(value).find()) {
      return "a private key";
    }
    return credentialName.test(name) && couldBeCredential(value) ? "a literal credential" : null;
  }

  static boolean credentialName(String name) {
    List<String> words = words(name);
    if (words.isEmpty()) {
      return false;
    }
    String last = words.get(words.size() - 1);
    if (ONE_WORD.contains(last)) {
      return true;
    }
    return words.size() >= 2 && TWO_WORDS.contains(words.get(words.size() - 2) + " " + last);
  }

  /**
   * Upper-cased words: breaks at {@code _ - .} and other punctuation, and at camelCase humps
   * ({@code dbAPIKey}).
   */
  static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (!Character.isLetterOrDigit(ch)) {
        flush(w, out);
        continue;
      }
      if (w.length() > 0 && Character.isUpperCase(ch)) {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev)
            || Character.isDigit(prev)
            || (Character.isUpperCase(prev) && nextLower)) {
          flush(w, out);
        }
      }
      w.append(ch);
    }
    flush(w, out);
    return out;
  }

  private static void flush(StringBuilder w, List<String> out) {
    if (w.length() > 0) {
      out.add(w.toString().toUpperCase(Locale.ROOT));
      w.setLength(0);
    }
  }

  static boolean couldBeCredential(String raw) {
    String v = raw.trim();
    if (v.isEmpty()) {
      return false;
    }
    if (NUMBER.matcher(v).matches() || NOT_A_SECRET.contains(v.toLowerCase(Locale.ROOT))) {
      return false;
    }
    return !PATH.matcher(v).matches() && !REFERENCES.matcher(v).matches();
  }
}
