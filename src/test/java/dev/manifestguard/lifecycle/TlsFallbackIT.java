package dev.manifestguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where BoringSSL cannot load, the packaged webhook still serves HTTPS, with the JDK's TLS, and its
 * log says why. Netty's own switch ({@code io.netty.handler.ssl.noOpenSsl}) makes BoringSSL
 * unavailable as a missing library would; Netty decides that once per JVM, hence a process of its
 * own.
 */
class TlsFallbackIT {
  @TempDir Path tmp;

  @Test
  @DisplayName("BoringSSL unavailable: a warning naming the cause, the JDK's TLS serves the review")
  void jdkWhenOpenSslCannotLoad() throws Exception {
    byte[] review = Files.readAllBytes(Mix.DIR.resolve("pod-privileged.json"));
    try (WebhookJar jar =
        WebhookJar.start(
            tmp, Map.of("JAVA_TOOL_OPTIONS", "-Dio.netty.handler.ssl.noOpenSsl=true"))) {
      OneShot.Result r = OneShot.exchange(jar.httpsPort, true, "POST", "/validate", review);
      assertThat(r.ok()).as(r.toString()).isTrue();
      assertThat(Mix.JSON.readTree(r.body()).path("response").path("allowed").asBoolean(true))
          .isFalse();
      assertThat(jar.logText())
          .contains(
              "manifest-guard.tls.engine=openssl, but OpenSSL cannot be loaded here",
              "noOpenSsl=true",
              "the HTTPS port uses the JDK's TLS")
          .contains("HTTPS: TLS by the JDK (Java ")
          .doesNotContain("HTTPS: TLS by OpenSSL");
    }
  }
}
