package dev.manifestguard.cli;

import dev.manifestguard.cli.BatchCheck.Checked;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML as CI systems read it: one {@code <testsuite>} per input file, one {@code <testcase>}
 * per object ({@code name="Kind namespace/name"}, {@code classname=<file>}). Deny findings make a
 * {@code <failure>}; warn findings go to {@code <system-out>}. An unreadable document is a failed
 * test case named {@code (unparseable)}.
 */
final class JunitReporter {
  private JunitReporter() {}

  static void write(Report report, PrintStream out) {
    Map<String, List<Checked>> byFile = new LinkedHashMap<>();
    for (String f : report.files()) {
      byFile.putIfAbsent(f, new ArrayList<>());
    }
    for (Checked c : report.results()) {
      byFile.computeIfAbsent(c.file(), k -> new ArrayList<>()).add(c);
    }
    int tests = report.results().size();
    int failures = 0;
    for (Checked c : report.results()) {
      failures += Report.denied(c) ? 1 : 0;
    }
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuites name=\"manifest-guard\" tests=\"")
        .append(tests)
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"0\">\n");
    for (Map.Entry<String, List<Checked>> e : byFile.entrySet()) {
      List<Checked> cases = e.getValue();
      int suiteFailures = 0;
      for (Checked c : cases) {
        suiteFailures += Report.denied(c) ? 1 : 0;
      }
      sb.append("  <testsuite name=\"")
          .append(attr(e.getKey()))
          .append("\" tests=\"")
          .append(cases.size())
          .append("\" failures=\"")
          .append(suiteFailures)
          .append("\" errors=\"0\" skipped=\"0\">\n");
      for (Checked c : cases) {
        testcase(sb, c);
      }
      sb.append("  </testsuite>\n");
    }
    sb.append("</testsuites>\n");
    out.print(sb);
  }

  private static void testcase(StringBuilder sb, Checked c) {
    String name = c.manifest() == null ? "(unparseable)" : Report.label(c.manifest().ref());
    sb.append("    <testcase name=\"")
        .append(attr(name))
        .append("\" classname=\"")
        .append(attr(c.file()))
        .append('"');
    List<String> denies = new ArrayList<>();
    List<String> warns = new ArrayList<>();
    for (Finding f : c.findings()) {
      String line = lineOf(c, f);
      if (f.action() == Action.DENY) {
        denies.add(line);
      } else if (f.action() == Action.WARN) {
        warns.add(line);
      }
    }
    if (denies.isEmpty() && warns.isEmpty()) {
      sb.append("/>\n");
      return;
    }
    sb.append(">\n");
    if (!denies.isEmpty()) {
      sb.append("      <failure type=\"deny\" message=\"")
          .append(
              attr(
                  denies.size()
                      + " deny finding"
                      + (denies.size() == 1 ? "" : "s")
                      + ": "
                      + String.join("; ", denies)))
          .append("\">")
          .append(text(String.join("\n", denies)))
          .append("</failure>\n");
    }
    if (!warns.isEmpty()) {
      sb.append("      <system-out>")
          .append(text(String.join("\n", warns)))
          .append("</system-out>\n");
    }
    sb.append("    </testcase>\n");
  }

  /** {@code line:column: [rule] path: message}, the object being the test case itself. */
  private static String lineOf(Checked c, Finding f) {
    var loc = c.locate(f);
    String where = loc.known() ? loc.line() + ":" + loc.column() + ": " : "";
    String path = f.path() == null || f.path().isEmpty() ? "" : f.path() + ": ";
    return where + "[" + f.rule() + "] " + path + f.message();
  }

  private static String attr(String s) {
    return escape(s, true);
  }

  private static String text(String s) {
    return escape(s, false);
  }

  /**
   * XML 1.0 escaping; characters XML cannot carry at all (most control characters) become U+FFFD.
   */
  static String escape(String s, boolean attribute) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append(attribute ? "&quot;" : "\"");
        case '\n' -> sb.append(attribute ? "&#10;" : "\n");
        case '\t' -> sb.append(attribute ? "&#9;" : "\t");
        case '\r' -> sb.append("&#13;");
        default -> {
          if (ch < 0x20 || ch == 0xFFFE || ch == 0xFFFF) {
            sb.append('\uFFFD');
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }
}
