package dev.manifestguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local start with no certificate files serves a self-signed certificate from a temporary
 * directory; stopping it (SIGTERM, as a terminal's Ctrl-C or a pod's stop) removes that directory
 * with its private key, so repeated local starts leave nothing behind.
 */
class SelfSignedCleanupIT {
  @TempDir Path tmp;

  @Test
  @DisplayName(
      "the self-signed certificate's directory exists while serving and is gone after exit")
  void removedOnExit() throws Exception {
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    List<Path> whileServing;
    try (WebhookJar jar =
        WebhookJar.start(tmp, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + javaTmp))) {
      whileServing = certificateDirs(javaTmp);
      assertThat(whileServing).as(jar.logText()).hasSize(1);
      assertThat(whileServing.get(0).resolve("tls.key")).isRegularFile();
      assertThat(whileServing.get(0).resolve("tls.crt")).isRegularFile();
      assertThat(jar.logText()).contains(whileServing.get(0) + " (removed when the webhook stops)");

      jar.process.destroy(); // SIGTERM
      assertThat(jar.process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
    }
    assertThat(whileServing.get(0)).doesNotExist();
    assertThat(certificateDirs(javaTmp)).isEmpty();
  }

  private static List<Path> certificateDirs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("manifest-guard-tls"))
          .toList();
    }
  }
}
