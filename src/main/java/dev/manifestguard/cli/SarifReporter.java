package dev.manifestguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Adjustment;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.RuleMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for GitHub code scanning: every rule of the catalogue in {@code tool.driver.rules}
 * (help from the rule's doc page), one result per finding with a relative, forward-slash artifact
 * URI and a 1-based region.
 */
final class SarifReporter {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReporter() {}

  static void write(Report report, OutputStream out, String version) throws IOException {
    List<RuleMeta> rules = Report.catalogue(report.registry());
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      index.put(rules.get(i).id(), i);
    }
    try (JsonGenerator g = JsonReporter.JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("$schema", SCHEMA);
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      g.writeObjectFieldStart("tool");
      g.writeObjectFieldStart("driver");
      g.writeStringField("name", "manifest-guard");
      if (version != null) {
        g.writeStringField("version", version);
      }
      g.writeArrayFieldStart("rules");
      for (RuleMeta m : rules) {
        writeRule(g, m, report.policy().actionFor(m), report.docs().url(m.id()));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (Report.Located l : report.findings()) {
        writeResult(g, l, index.getOrDefault(l.finding().rule(), -1));
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }

  private static void writeRule(JsonGenerator g, RuleMeta m, Action configured, String helpUri)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    g.writeStringField("name", camel(m.id()));
    if (helpUri != null) {
      g.writeStringField("helpUri", helpUri);
    }
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", m.summary());
    g.writeEndObject();
    g.writeObjectFieldStart("fullDescription");
    g.writeStringField("text", m.summary() + " " + m.remediation());
    g.writeEndObject();
    g.writeObjectFieldStart("help");
    g.writeStringField("text", m.remediation());
    String doc = docPage(m.id());
    g.writeStringField(
        "markdown",
        doc != null ? doc : "**" + m.id() + "**: " + m.summary() + "\n\n" + m.remediation());
    g.writeEndObject();
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level(configured));
    if (configured == Action.OFF) {
      g.writeBooleanField("enabled", false);
    }
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("category", m.category().id());
    g.writeArrayFieldStart("tags");
    g.writeString("kubernetes");
    g.writeString(m.category().id());
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, Report.Located l, int ruleIndex)
      throws IOException {
    Finding f = l.finding();
    g.writeStartObject();
    g.writeStringField("ruleId", f.rule());
    if (ruleIndex >= 0) {
      g.writeNumberField("ruleIndex", ruleIndex);
    }
    g.writeStringField("level", level(f.action()));
    g.writeObjectFieldStart("message");
    g.writeStringField("text", Report.describe(f, false));
    g.writeEndObject();
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    // A kustomization's findings are named after its directory, and their lines are lines of the
    // build output: code scanning needs a file, so they point at the kustomization file itself
    // (the object is in the logical location).
    Path kustomization = kustomizationOf(l.file());
    g.writeStringField(
        "uri",
        kustomization == null
            ? uri(l.file())
            : uri(l.file() + "/" + kustomization.getFileName().toString()));
    g.writeEndObject();
    g.writeObjectFieldStart("region");
    if (kustomization != null) {
      g.writeNumberField("startLine", 1);
    } else {
      g.writeNumberField("startLine", Math.max(1, l.location().line()));
      if (l.location().known() && l.location().column() > 0) {
        g.writeNumberField("startColumn", l.location().column());
      }
    }
    g.writeEndObject();
    g.writeEndObject();
    if (f.object() != null && !Report.label(f.object()).isEmpty()) {
      g.writeArrayFieldStart("logicalLocations");
      g.writeStartObject();
      g.writeStringField(
          "fullyQualifiedName",
          Report.label(f.object())
              + (f.path() == null || f.path().isEmpty() ? "" : " " + f.path()));
      g.writeStringField("kind", "object");
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeEndArray();
    if (f.suppression() != null) {
      g.writeArrayFieldStart("suppressions");
      g.writeStartObject();
      // inSource: the object's own skip annotation; external: the policy file's exemption
      g.writeStringField("kind", f.adjustment() == Adjustment.EXEMPTED ? "external" : "inSource");
      g.writeStringField("justification", f.suppression());
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static Path kustomizationOf(String file) {
    if (file.equals(Inputs.STDIN)) {
      return null;
    }
    try {
      Path p = Path.of(file);
      return java.nio.file.Files.isDirectory(p) ? Renderer.kustomization(p) : null;
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  static String level(Action a) {
    return switch (a) {
      case DENY -> "error";
      case WARN -> "warning";
      case AUDIT -> "note";
      case OFF -> "none";
    };
  }

  /**
   * {@code resource-limits-missing} becomes {@code ResourceLimitsMissing}, the usual SARIF rule
   * name form.
   */
  static String camel(String id) {
    StringBuilder sb = new StringBuilder();
    for (String part : id.split("-")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return sb.toString();
  }

  /**
   * A relative URI with forward slashes, as code scanning resolves it against the repository root.
   * Absolute paths below the working directory are made relative; other absolute paths become
   * {@code file:} URIs.
   */
  static String uri(String file) {
    String p = file.replace('\\', '/');
    Path path = Path.of(file);
    if (path.isAbsolute()) {
      Path cwd = Path.of("").toAbsolutePath();
      Path norm = path.normalize();
      if (!norm.startsWith(cwd)) {
        return norm.toUri().toASCIIString();
      }
      p = cwd.relativize(norm).toString().replace('\\', '/');
    }
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    return encode(p);
  }

  private static String encode(String path) {
    StringBuilder sb = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~/!$&'()*+,;=@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private static String docPage(String id) {
    try (InputStream in =
        SarifReporter.class.getClassLoader().getResourceAsStream("rules/" + id + ".md")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
