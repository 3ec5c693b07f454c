package dev.manifestguard.cli;

import dev.manifestguard.engine.Action;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One line per deny or warn finding, compiler style so editors can jump to it: {@code
 * file:line:column: deny [rule] Kind namespace/name path: message}; then the docs URL of each rule
 * shown, once per rule ({@code docs [rule]: URL}); then one summary line. Audit findings are not
 * shown (they are in json and sarif).
 */
final class TextReporter {
  private TextReporter() {}

  static void write(Report report, PrintStream out) {
    Set<String> shownRules = new LinkedHashSet<>();
    for (Report.Located l : report.findings()) {
      if (l.finding().action() == Action.AUDIT) {
        continue;
      }
      StringBuilder sb = new StringBuilder(l.file());
      if (l.location().known()) {
        sb.append(':').append(l.location().line()).append(':').append(l.location().column());
      }
      sb.append(": ")
          .append(l.finding().action().id())
          .append(' ')
          .append(Report.describe(l.finding(), true));
      out.println(sb);
      shownRules.add(l.finding().rule());
    }
    for (String rule : shownRules) {
      String url = report.docs().url(rule);
      if (url != null) {
        out.println("docs [" + rule + "]: " + url);
      }
    }
    out.println(summary(report));
  }

  static String summary(Report r) {
    return plural(r.files().size(), "file")
        + ", "
        + plural(r.objectCount(), "object")
        + ": "
        + r.deniedCount()
        + " denied, "
        + plural(r.warningCount(), "warning")
        + (r.suppressedCount() > 0 ? ", " + r.suppressedCount() + " suppressed" : "");
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
