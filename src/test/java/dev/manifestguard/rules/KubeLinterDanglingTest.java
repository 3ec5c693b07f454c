package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.cli.BatchCheck;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.load.LoadedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kube-linter's {@code dangling-*} checks mean what our bundle rules mean. Their fixtures are
 * file-level ("mixed": firing and non-firing objects in one file, the expected report count in the
 * manifest's notes), so we agree when the file, checked as a whole bundle that is the whole cluster
 * ({@code --strict-references}), gets exactly that many findings of our rule.
 */
class KubeLinterDanglingTest {
  private static final Path PEERS = Path.of("..", "shared", "corpus", "peer-fixtures");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "dangling-horizontalpodautoscaler, hpa-target-missing",
    "dangling-ingress, ingress-backend-missing",
    "dangling-networkpolicy, networkpolicy-selects-nothing",
    "dangling-service, service-selector-matches-nothing"
  })
  void sameReportCount(String check, String rule) throws Exception {
    String row =
        Files.readAllLines(PEERS.resolve("manifest.tsv")).stream()
            .filter(l -> l.split("\t", -1)[2].equals(check))
            .findFirst()
            .orElseThrow();
    String[] f = row.split("\t", -1);
    JsonNode notes = new ObjectMapper().readTree(f[5]);
    LoadedSource src = RuleFixtures.LOADER.load(f[0], Files.readString(PEERS.resolve(f[0])));
    Policy policy =
        new Policy(
            Map.of(rule, Action.WARN),
            new Policy.Exclude(List.of(), List.of(), null),
            Policy.Settings.DEFAULT);
    List<String> ours = new ArrayList<>();
    for (BatchCheck.Checked c :
        new BatchCheck(RuleFixtures.ENGINE).check(List.of(src), List.of(), true, null, policy)) {
      for (Finding finding : c.findings()) {
        if (finding.rule().equals(rule)) {
          ours.add(c.manifest().ref().display() + " " + finding.path() + ": " + finding.message());
        }
      }
    }
    System.out.println(check + ": " + ours);
    assertThat(ours)
        .as("our findings vs kube-linter's %s", notes.path("expected_messages"))
        .hasSize(notes.path("expected_report_count").asInt());
  }
}
