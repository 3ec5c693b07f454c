package dev.manifestguard.cli;

import dev.manifestguard.cli.BatchCheck.Checked;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.DocsLinks;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.model.Location;
import dev.manifestguard.model.ObjectRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code check} run, shared by every output format.
 *
 * <p>Counting, the same in every format: {@code files} = input files read (stdin counts as one);
 * {@code objects} = objects checked (items of a List count one by one); {@code denied} = objects,
 * or unreadable documents, with at least one deny finding, i.e. what the webhook would refuse;
 * {@code warnings} = warn findings.
 *
 * @param files the input files in the order they were read
 * @param results per object (or per unreadable document), grouped by file in input order
 */
record Report(
    List<String> files,
    List<Checked> results,
    RuleRegistry registry,
    Policy policy,
    DocsLinks docs) {

  Report(List<String> files, List<Checked> results, RuleRegistry registry, Policy policy) {
    this(files, results, registry, policy, DocsLinks.NONE);
  }

  /** A finding with the entry it belongs to and where it points in the file. */
  record Located(Checked entry, Finding finding, Location location) {
    String file() {
      return entry.file();
    }
  }

  private static final Comparator<Located> IN_FILE =
      Comparator.comparingInt((Located l) -> l.location().line())
          .thenComparingInt(l -> l.location().column())
          .thenComparing(l -> l.finding().rule())
          .thenComparing(l -> l.finding().path() == null ? "" : l.finding().path());

  int objectCount() {
    int n = 0;
    for (Checked c : results) {
      if (c.manifest() != null) {
        n++;
      }
    }
    return n;
  }

  int deniedCount() {
    int n = 0;
    for (Checked c : results) {
      if (denied(c)) {
        n++;
      }
    }
    return n;
  }

  int warningCount() {
    int n = 0;
    for (Checked c : results) {
      for (Finding f : c.findings()) {
        if (f.action() == Action.WARN) {
          n++;
        }
      }
    }
    return n;
  }

  /** Findings suppressed by a skip annotation or a policy exemption (they are audit). */
  int suppressedCount() {
    int n = 0;
    for (Checked c : results) {
      for (Finding f : c.findings()) {
        if (f.suppression() != null) {
          n++;
        }
      }
    }
    return n;
  }

  static boolean denied(Checked c) {
    for (Finding f : c.findings()) {
      if (f.action() == Action.DENY) {
        return true;
      }
    }
    return false;
  }

  /** Every finding, files in input order, within a file by line, column, rule and path. */
  List<Located> findings() {
    Map<String, List<Located>> byFile = new LinkedHashMap<>();
    for (String f : files) {
      byFile.putIfAbsent(f, new ArrayList<>());
    }
    for (Checked c : results) {
      List<Located> list = byFile.computeIfAbsent(c.file(), k -> new ArrayList<>());
      for (Finding f : c.findings()) {
        list.add(new Located(c, f, c.locate(f)));
      }
    }
    List<Located> out = new ArrayList<>();
    for (List<Located> list : byFile.values()) {
      list.sort(IN_FILE);
      out.addAll(list);
    }
    return out;
  }

  /** The catalogue in documentation order: category order, then id. */
  static List<RuleMeta> catalogue(RuleRegistry registry) {
    List<RuleMeta> metas = new ArrayList<>(registry.metas());
    metas.sort(
        Comparator.comparing((RuleMeta m) -> m.category().ordinal()).thenComparing(RuleMeta::id));
    return metas;
  }

  /**
   * {@code Kind namespace/name} (or {@code Kind name} when cluster-scoped); empty for an unreadable
   * document.
   */
  static String label(ObjectRef ref) {
    if (ref == null || (ref.kind().isEmpty() && ref.name().isEmpty())) {
      return "";
    }
    return ref.display("(no kind)", "(no name)");
  }

  /** {@code [rule] Kind ns/name path: message}: the object, where in it, what is wrong. */
  static String describe(Finding f, boolean withRule) {
    StringBuilder sb = new StringBuilder();
    if (withRule) {
      sb.append('[').append(f.rule()).append("] ");
    }
    String label = label(f.object());
    sb.append(label);
    if (f.path() != null && !f.path().isEmpty()) {
      sb.append(label.isEmpty() ? "" : " ").append(f.path());
    }
    if (sb.length() > 0
        && !(withRule && label.isEmpty() && (f.path() == null || f.path().isEmpty()))) {
      sb.append(": ");
    }
    sb.append(f.message());
    if (f.adjustment() != null) {
      sb.append(" (").append(f.adjustment().display()).append(')');
    }
    return sb.toString();
  }
}
