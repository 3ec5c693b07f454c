package dev.manifestguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged webhook ({@code target/quarkus-app/quarkus-run.jar}) started as its own process on
 * free loopback ports, its console in a log file. {@link #close()} never leaves it running
 * (SIGTERM, then SIGKILL after 20 s).
 */
final class WebhookJar implements AutoCloseable {
  static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

  final int httpPort;
  final int httpsPort;
  final Path log;
  final Process process;

  private WebhookJar(int httpPort, int httpsPort, Path log, Process process) {
    this.httpPort = httpPort;
    this.httpsPort = httpsPort;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts the jar with these environment variables (on top of loopback ports and no kubeconfig),
   * waits for ready.
   */
  static WebhookJar start(Path dir, Map<String, String> env) throws Exception {
    assertThat(JAR).as("run ./mvnw package first").exists();
    int http = freePort();
    int https = freePort();
    while (https == http) {
      https = freePort();
    }
    Path log = Files.createTempFile(dir, "webhook", ".log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Sized as in its pod (the chart's 512Mi limit), and small, because the machine is
                // shared.
                "-XX:MaxRAM=512m",
                "-XX:MaxRAMPercentage=50",
                "-XX:ActiveProcessorCount=2",
                "-jar",
                JAR.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    e.remove("KUBECONFIG");
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", Integer.toString(http),
                "QUARKUS_HTTP_SSL_PORT", Integer.toString(https),
                "MANIFEST_GUARD_CLUSTER_MODE", "off",
                "MANIFEST_GUARD_POLICY", dir.resolve("no-policy.yaml").toString()));
    all.putAll(env);
    e.putAll(all);
    Process p = pb.start();
    p.getOutputStream().close();
    WebhookJar jar = new WebhookJar(http, https, log, p);
    try {
      jar.awaitReady();
    } catch (Throwable t) {
      jar.close();
      throw t;
    }
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      assertThat(process.isAlive()).as("webhook exited during startup:\n%s", logText()).isTrue();
      try {
        if (OneShot.get(httpPort, "/q/health/ready").status() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(System.nanoTime())
          .as("webhook not ready after 90 s:\n%s", logText())
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * The value of a Prometheus sample at /q/metrics, such as {@code name{tag="v"}}, or -1 when
   * absent.
   */
  double metric(String sample) throws IOException {
    for (String line : OneShot.get(httpPort, "/q/metrics").text().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
