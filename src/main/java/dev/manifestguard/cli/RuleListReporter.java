package dev.manifestguard.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.manifestguard.engine.RuleMeta;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code check --list-rules}: the catalogue as a text table, a JSON array, or the Markdown table of
 * README.md.
 */
final class RuleListReporter {
  private RuleListReporter() {}

  static void text(List<RuleMeta> rules, PrintStream out) {
    int id = "ID".length();
    int cat = "CATEGORY".length();
    for (RuleMeta m : rules) {
      id = Math.max(id, m.id().length());
      cat = Math.max(cat, m.category().id().length());
    }
    String fmt = "%-" + id + "s  %-" + cat + "s  %-7s  %s%n";
    out.printf(fmt, "ID", "CATEGORY", "DEFAULT", "SUMMARY");
    for (RuleMeta m : rules) {
      out.printf(
          fmt,
          m.id(),
          m.category().id(),
          m.defaultAction().id() + (m.reference() ? "*" : ""),
          m.summary());
    }
    out.println();
    out.println(
        rules.size()
            + " rules; * = reference rule (needs cluster state: --cluster-state, --kubeconfig or "
            + "--strict-references).");
  }

  static void json(List<RuleMeta> rules, OutputStream out) throws IOException {
    try (JsonGenerator g = JsonReporter.JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartArray();
      for (RuleMeta m : rules) {
        g.writeStartObject();
        g.writeStringField("id", m.id());
        g.writeStringField("category", m.category().id());
        g.writeStringField("defaultAction", m.defaultAction().id());
        g.writeBooleanField("reference", m.reference());
        g.writeArrayFieldStart("kinds");
        for (String k : m.kinds()) {
          g.writeString(k);
        }
        g.writeEndArray();
        g.writeStringField("summary", m.summary());
        g.writeStringField("remediation", m.remediation());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    out.write('\n');
  }

  static void markdown(List<RuleMeta> rules, PrintStream out) {
    out.println("| id | category | default | summary | remediation |");
    out.println("|---|---|---|---|---|");
    for (RuleMeta m : rules) {
      out.println(
          "| `"
              + m.id()
              + "` | "
              + m.category().id()
              + " | "
              + m.defaultAction().id()
              + " | "
              + cell(m.summary())
              + " | "
              + cell(m.remediation())
              + " |");
    }
  }

  private static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
  }
}
