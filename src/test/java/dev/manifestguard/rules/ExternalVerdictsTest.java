package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.load.LoadedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Verdicts written by eight other projects (Trivy checks, Gatekeeper library, kubescape, Checkov,
 * kubesec, kubeconform, kubectl-validate, kube-score), mapped onto our rule ids by the corpus's
 * {@code manifest.tsv} and read in place from {@code ../shared/corpus/external-verdicts}. Each case
 * runs through the CLI's path ({@link BatchCheck}: the file, plus the files of its {@code with}
 * column, as one bundle; every rule at its default action; no namespace excluded). A peer "fail" is
 * agreed when one of the case's rules reports a finding (deny, warn or audit) on the case's object
 * whose message matches the case's {@code match}; a peer "pass" when none does.
 */
class ExternalVerdictsTest {
  /** The corpus, from the project directory or from a worktree beside it; never skipped. */
  static Path corpus() {
    for (Path p :
        List.of(
            Path.of("..", "shared", "corpus", "external-verdicts"),
            Path.of("/work", "shared", "corpus", "external-verdicts"))) {
      if (Files.isRegularFile(p.resolve("manifest.tsv"))) {
        return p;
      }
    }
    throw new AssertionError(
        "the external-verdicts corpus is missing: expected ../shared/corpus/external-verdicts");
  }

  /** Cases (file, then {@code #object} when the row names one) where we disagree on purpose. */
  private static final Map<String, String> INTENTIONAL = new TreeMap<>();

  record Case(
      String file,
      String source,
      String check,
      List<String> rules,
      boolean expectFail,
      Pattern match,
      List<String> with,
      String object) {
    String key() {
      return file + (object.isEmpty() ? "" : "#" + object) + " [" + String.join("|", rules) + "]";
    }
  }

  record Verdict(Case c, List<String> hits) {
    boolean agrees() {
      return c.expectFail() == !hits.isEmpty();
    }
  }

  @Test
  @DisplayName("agrees with the verdicts of eight other checkers on at least 99% of the cases")
  void agreement() throws IOException {
    Path dir = corpus();
    List<Case> cases = cases(dir);
    assertThat(cases).as("cases in manifest.tsv").hasSizeGreaterThan(500);
    List<Verdict> verdicts = new ArrayList<>();
    for (Case c : cases) {
      verdicts.add(judge(dir, c));
    }
    List<Verdict> disagreements = verdicts.stream().filter(v -> !v.agrees()).toList();
    long agreed = verdicts.size() - disagreements.size();
    double pct = 100.0 * agreed / verdicts.size();
    StringBuilder report =
        new StringBuilder(
            String.format("external verdicts: %d/%d = %.2f%%%n", agreed, verdicts.size(), pct));
    for (Verdict v : disagreements) {
      report
          .append("  disagree ")
          .append(v.c().key())
          .append(" ")
          .append(v.c().check())
          .append(" (peer ")
          .append(v.c().expectFail() ? "fail" : "pass")
          .append(", ours ")
          .append(v.hits())
          .append(")")
          .append(
              INTENTIONAL.containsKey(v.c().key())
                  ? " intentional: " + INTENTIONAL.get(v.c().key())
                  : " UNEXPLAINED")
          .append('\n');
    }
    System.out.print(report);

    assertThat(pct).as(report.toString()).isGreaterThanOrEqualTo(99.0);
    List<String> keys = disagreements.stream().map(v -> v.c().key()).toList();
    assertThat(keys.stream().filter(k -> !INTENTIONAL.containsKey(k)).toList())
        .as("disagreements without a reason in INTENTIONAL\n" + report)
        .isEmpty();
    List<String> stale = new ArrayList<>(INTENTIONAL.keySet());
    stale.removeAll(keys);
    assertThat(stale)
        .as("intentional disagreements that now agree: remove them from the table")
        .isEmpty();
  }

  static List<Case> cases(Path dir) throws IOException {
    List<String> rows = Files.readAllLines(dir.resolve("manifest.tsv"));
    assertThat(rows.get(0))
        .startsWith("file\tsource\tsource_ref\ttheir_check\tour_rule\texpected\tnote");
    List<Case> out = new ArrayList<>();
    for (String row : rows.subList(1, rows.size())) {
      if (row.isBlank()) {
        continue;
      }
      String[] f = row.split("\t", -1);
      String expected = f[5];
      assertThat(expected).as(row).isIn("pass", "fail");
      String match = f.length > 7 ? f[7] : "";
      String with = f.length > 8 ? f[8] : "";
      String object = f.length > 9 ? f[9] : "";
      out.add(
          new Case(
              f[0],
              f[1],
              f[3],
              List.of(f[4].split("\\|")),
              expected.equals("fail"),
              match.isEmpty() ? null : Pattern.compile(match),
              with.isBlank() ? List.of() : List.of(with.trim().split("\\s*[,;]\\s*|\\s+")),
              object.trim()));
    }
    return out;
  }

  static Verdict judge(Path dir, Case c) throws IOException {
    List<LoadedSource> inputs = new ArrayList<>();
    inputs.add(RuleFixtures.LOADER.load(c.file(), Files.readString(dir.resolve(c.file()))));
    for (String w : c.with()) {
      inputs.add(RuleFixtures.LOADER.load(w, Files.readString(dir.resolve(w))));
    }
    // Peer fixtures are judged wherever they say they live: no namespace is excluded.
    Policy policy =
        new Policy(
            Map.of(), new Policy.Exclude(List.of(), List.of(), null), Policy.Settings.DEFAULT);
    List<String> hits = new ArrayList<>();
    for (BatchCheck.Checked checked :
        new BatchCheck(RuleFixtures.ENGINE).check(inputs, List.of(), false, null, policy)) {
      if (!checked.file().equals(c.file())) {
        continue;
      }
      if (!c.object().isEmpty()
          && (checked.manifest() == null
              || !(checked.manifest().kind() + "/" + checked.manifest().ref().name())
                  .equals(c.object()))) {
        continue;
      }
      for (Finding f : checked.findings()) {
        if (c.rules().contains(f.rule())
            && f.action() != Action.OFF
            && (c.match() == null || c.match().matcher(f.message()).find())) {
          hits.add(f.action().id() + " " + f.rule() + " " + f.path() + ": " + f.message());
        }
      }
    }
    return new Verdict(c, hits);
  }
}
