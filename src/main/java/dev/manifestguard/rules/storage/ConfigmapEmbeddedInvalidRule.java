package dev.manifestguard.rules.storage;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A configuration file shipped in a ConfigMap (or a Secret's stringData) that its program cannot
 * read: the pod starts, the application crashes on its first line of config. Keys ending in {@code
 * .json}, {@code .yaml}/{@code .yml} or {@code .toml} are parsed, and errors reported with the line
 * and column inside the value; keys bound to a JSON Schema by {@code settings.embeddedSchemas} are
 * validated against it.
 */
public final class ConfigmapEmbeddedInvalidRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "configmap-embedded-invalid",
          Category.STORAGE,
          Action.DENY,
          List.of("ConfigMap", "Secret"),
          "A ConfigMap data or Secret stringData key ending in .json, .yaml/.yml or .toml whose value does not parse, or violates the JSON Schema the policy binds to the key.",
          "Fix the embedded document at the line and column given (or the fields the schema names) before the application reads it.");

  /** At most this many schema violations per key: the first ones say what is wrong. */
  static final int MAX_SCHEMA_ERRORS = 5;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper TOML = new TomlMapper();

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    if (!ctx.group().isEmpty()) {
      return;
    }
    String field =
        switch (ctx.kind()) {
          case "ConfigMap" -> "data";
          case "Secret" -> "stringData";
          default -> null;
        };
    if (field == null) {
      return;
    }
    JsonNode data = ctx.object().path(field);
    if (!data.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      Format format = Format.of(key);
      if (format == null || !e.getValue().isTextual()) {
        continue;
      }
      String path = FieldPaths.child(field, key);
      String value = e.getValue().textValue();
      if (value.isBlank()) {
        continue; // an empty placeholder, filled at deploy time: nothing to parse
      }
      JsonNode tree;
      try {
        tree = format.parse(value);
      } catch (JsonProcessingException ex) {
        out.add(path, "key \"" + key + "\" is not valid " + format.label + describe(ex) + ".");
        continue;
      } catch (IOException | RuntimeException ex) {
        out.add(
            path, "key \"" + key + "\" is not valid " + format.label + ": " + firstLine(ex) + ".");
        continue;
      }
      validate(ctx.settings(), key, path, tree, out);
    }
  }

  private static void validate(
      Policy.Settings settings, String key, String path, JsonNode tree, Findings out) {
    for (Policy.EmbeddedSchema schema : settings.schemasFor(key)) {
      List<Error> errors = schema.compiled().validate(tree);
      for (int i = 0; i < errors.size() && i < MAX_SCHEMA_ERRORS; i++) {
        Error err = errors.get(i);
        String pointer =
            err.getInstanceLocation() == null ? "" : err.getInstanceLocation().toString();
        String where = pointer.isEmpty() ? "the top level" : pointer;
        out.add(
            path,
            "key \""
                + key
                + "\" violates "
                + schema.schema()
                + " at "
                + where
                + ": "
                + stripLocation(err.getMessage(), pointer)
                + ".");
      }
      if (errors.size() > MAX_SCHEMA_ERRORS) {
        out.add(
            path,
            "key \""
                + key
                + "\" has "
                + (errors.size() - MAX_SCHEMA_ERRORS)
                + " more violations of "
                + schema.schema()
                + ".");
      }
    }
  }

  /** " at line 3, column 1 of the value: Unexpected end-of-input ..." from a parser error. */
  private static String describe(JsonProcessingException ex) {
    JsonLocation loc = ex.getLocation();
    int line = loc == null ? 0 : loc.getLineNr();
    int column = loc == null ? 0 : loc.getColumnNr();
    if (ex.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      // Jackson gives the end of the last good token; SnakeYAML's mark is where the problem is.
      line = yaml.getProblemMark().getLine() + 1;
      column = yaml.getProblemMark().getColumn() + 1;
    }
    String where = line < 1 ? "" : " at line " + line + ", column " + column + " of the value";
    String msg = ex.getOriginalMessage();
    msg = msg == null ? ex.getClass().getSimpleName() : msg;
    if (ex.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      // SnakeYAML's first line is the context ("while parsing a block mapping"), the problem next.
      msg =
          (yaml.getContext() == null ? "" : yaml.getContext() + ": ")
              + yaml.getProblem().replace("\n", " ");
    }
    if (msg.startsWith("Trailing token")) {
      msg = "more content after the end of the document";
    }
    // Jackson says where an open array or object began, in a source it does not print: cut it.
    int source = msg.indexOf("[Source:");
    if (source >= 0) {
      int open = msg.lastIndexOf(" (", source);
      msg = msg.substring(0, open >= 0 ? open : source);
    }
    return where + ": " + firstLine(msg);
  }

  private static String stripLocation(String message, String where) {
    String m = message == null ? "" : message;
    if (m.startsWith(where + ": ")) {
      m = m.substring(where.length() + 2);
    }
    return trimPeriod(m);
  }

  private static String firstLine(Throwable ex) {
    return firstLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
  }

  private static String firstLine(String s) {
    String line = s.lines().findFirst().orElse("").strip();
    return trimPeriod(line);
  }

  private static String trimPeriod(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** The formats recognised by the key's extension. */
  enum Format {
    JSON_DOC("JSON"),
    YAML_DOC("YAML"),
    TOML_DOC("TOML");

    final String label;

    Format(String label) {
      this.label = label;
    }

    static Format of(String key) {
      String k = key.toLowerCase(Locale.ROOT);
      if (k.endsWith(".json")) {
        return JSON_DOC;
      }
      if (k.endsWith(".yaml") || k.endsWith(".yml")) {
        return YAML_DOC;
      }
      if (k.endsWith(".toml")) {
        return TOML_DOC;
      }
      return null;
    }

    /** The document (the first one of a YAML stream, every one of which must parse). */
    JsonNode parse(String text) throws IOException {
      return switch (this) {
        case JSON_DOC -> JSON.readTree(text);
        case TOML_DOC -> TOML.readTree(text);
        case YAML_DOC -> {
          JsonNode first = null;
          try (JsonParser p = YAML.createParser(text);
              MappingIterator<JsonNode> docs = YAML.readValues(p, JsonNode.class)) {
            while (docs.hasNextValue()) {
              JsonNode doc = docs.nextValue();
              first = first == null ? doc : first;
            }
          }
          yield first == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : first;
        }
      };
    }
  }
}
