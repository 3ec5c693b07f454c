package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cli.CheckCommandTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fail-on deny|warn}: which findings make the exit code 1. */
class FailOnTest {
  static final String WARN_ONLY =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {probe/bad: x}\n";

  @TempDir Path tmp;

  String write(String content) throws IOException {
    Path p = tmp.resolve("m.yaml");
    Files.writeString(p, content);
    return p.toString();
  }

  @Test
  void warnFindingsPassUnderTheDefaultAndFailUnderWarn() throws IOException {
    String f = write(WARN_ONLY);
    assertThat(CheckCommandTest.probe(f).code()).isZero();
    assertThat(CheckCommandTest.probe("--fail-on", "deny", f).code()).isZero();
    Result warn = CheckCommandTest.probe("--fail-on", "warn", f);
    assertThat(warn.code()).isEqualTo(1);
    assertThat(warn.out()).contains("warn [cli-probe-annotation]");
  }

  @Test
  void denyFailsUnderBothLevels() throws IOException {
    String f = write(CheckCommandTest.BAD_POD);
    assertThat(CheckCommandTest.probe("--fail-on", "deny", f).code()).isEqualTo(1);
    assertThat(CheckCommandTest.probe("--fail-on", "warn", f).code()).isEqualTo(1);
  }

  @Test
  void auditNeverFails() throws IOException {
    Path policy = tmp.resolve("p.yaml");
    Files.writeString(policy, "rules:\n  cli-probe-annotation: audit\n");
    Result r =
        CheckCommandTest.probe(
            "--fail-on", "warn", "--policy", policy.toString(), write(WARN_ONLY));
    assertThat(r.code()).isZero();
  }

  @Test
  void unknownLevelIsAUsageError() throws IOException {
    Result r = CheckCommandTest.probe("--fail-on", "audit", write(WARN_ONLY));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--fail-on \"audit\": expected deny or warn");
  }
}
