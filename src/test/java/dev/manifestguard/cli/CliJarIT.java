package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as users run it: {@code java -jar target/quarkus-app/quarkus-run.jar check ...}.
 * Runs in the integration-test phase of {@code ./mvnw verify}, after the jar is built.
 */
class CliJarIT {
  static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  @TempDir Path tmp;

  record Proc(int code, String out, String err, long millis) {}

  static Proc run(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "check"));
    cmd.addAll(List.of(args));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("CLI finished").isTrue();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Proc(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
        millis);
  }

  @Test
  @DisplayName(
      "check runs without starting Quarkus, exits 1 on a deny, 2 on a missing file, 0 when clean")
  void jar() throws Exception {
    assertThat(JAR).as("run ./mvnw package first").exists();
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: {}\n");
    Proc deny = run("-o", "json", bad.toString());
    assertThat(deny.code()).as(deny.err()).isEqualTo(1);
    assertThat(deny.out()).contains("\"manifest-unparseable\"");
    assertThat(deny.err()).doesNotContain("Quarkus").doesNotContain("Listening");
    // Speed is measured by the benchmark (src/bench), not asserted here; the wall time is printed
    // for the log.
    System.out.println("check wall time: " + deny.millis() + " ms");

    Proc missing = run("missing.yaml");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("missing.yaml: no such file");

    Path ok = tmp.resolve("ok.yaml");
    Files.writeString(ok, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: b}\n");
    Proc clean = run(ok.toString());
    assertThat(clean.code()).as(clean.err()).isZero();
    assertThat(clean.out()).isEqualTo("1 file, 1 object: 0 denied, 0 warnings\n");
  }

  @Test
  @DisplayName(
      "a Pod with memory: -512Mi exits 1 and names the rule, the path and the line of the value")
  void negativeMemory() throws Exception {
    Path pod = tmp.resolve("pod.yaml");
    Files.writeString(
        pod,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Pod",
            "metadata:",
            "  name: web",
            "spec:",
            "  containers:",
            "  - name: app",
            "    image: nginx:1.27",
            "    resources:",
            "      limits:",
            "        memory: -512Mi",
            ""));
    Proc r = run(pod.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            pod
                + ":11:17: deny [resource-quantity-negative] Pod default/web "
                + "spec.containers[0].resources.limits.memory: \"-512Mi\" is negative");
  }
}
