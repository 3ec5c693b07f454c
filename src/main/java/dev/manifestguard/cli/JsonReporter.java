package dev.manifestguard.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.manifestguard.engine.Adjustment;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.model.ObjectRef;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code {"summary": {...}, "findings": [...]}} as fixed by INTERFACES.md. Findings of every action
 * (deny, warn, audit) are listed; {@code line}/{@code column} are 1-based and 0 only when the
 * reader could not tell. A finding suppressed by a policy exemption or the skip annotation (audit)
 * carries {@code suppression: {kind, reason}} and is counted in {@code summary.suppressed}.
 */
final class JsonReporter {
  static final JsonFactory JSON = JsonFactory.builder().build();

  private JsonReporter() {}

  static void write(Report report, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("files", report.files().size());
      g.writeNumberField("objects", report.objectCount());
      g.writeNumberField("denied", report.deniedCount());
      g.writeNumberField("warnings", report.warningCount());
      g.writeNumberField("suppressed", report.suppressedCount());
      g.writeEndObject();
      g.writeArrayFieldStart("findings");
      for (Report.Located l : report.findings()) {
        Finding f = l.finding();
        ObjectRef ref = f.object();
        g.writeStartObject();
        g.writeStringField("rule", f.rule());
        g.writeStringField("action", f.action().id());
        g.writeStringField("category", f.category().id());
        g.writeStringField("file", l.file());
        g.writeNumberField("line", l.location().line());
        g.writeNumberField("column", l.location().column());
        g.writeStringField("apiVersion", ref.apiVersion());
        g.writeStringField("kind", ref.kind());
        g.writeStringField("namespace", ref.namespace());
        g.writeStringField("name", ref.name());
        g.writeStringField("path", f.path() == null ? "" : f.path());
        g.writeStringField("message", f.message());
        if (f.suppression() != null) {
          g.writeObjectFieldStart("suppression");
          g.writeStringField("kind", f.adjustment() == Adjustment.EXEMPTED ? "exemption" : "skip");
          g.writeStringField("reason", f.suppression());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
  }
}
