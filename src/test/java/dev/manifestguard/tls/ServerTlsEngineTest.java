package dev.manifestguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.manifestguard.LogCapture;
import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The HTTPS port's TLS engine follows manifest-guard.tls.engine. */
class ServerTlsEngineTest {

  @Test
  @EnabledOnOs(OS.LINUX) // the jar carries BoringSSL for Linux only; elsewhere TlsFallbackIT's case
  @DisplayName("openssl (the default) serves with BoringSSL on Linux, where the image runs")
  void openSslOnLinux() {
    // The jar carries BoringSSL for Linux on x86-64 and ARM64, the platforms CI and the image use.
    assertThat(OpenSsl.isAvailable()).as(String.valueOf(OpenSsl.unavailabilityCause())).isTrue();
    ServerTlsEngine engine = new ServerTlsEngine("openssl");
    assertThat(engine.options()).isInstanceOf(OpenSSLEngineOptions.class);
    assertThat(engine.serving()).startsWith("OpenSSL (BoringSSL");
  }

  @Test
  @DisplayName("jdk serves with the JDK's TLS, whatever is available")
  void jdk() {
    ServerTlsEngine engine = new ServerTlsEngine(" JDK ");
    assertThat(engine.options()).isExactlyInstanceOf(JdkSSLEngineOptions.class);
    assertThat(engine.serving()).startsWith("the JDK");
  }

  @Test
  @DisplayName(
      "where BoringSSL cannot load, the JDK's TLS serves and the warning naming the cause is logged"
          + " once, however often the server's options are built")
  void fallbackWarnsOnce() {
    try (LogCapture log = LogCapture.atLeast(Level.WARNING, ServerTlsEngine.class)) {
      ServerTlsEngine engine =
          new ServerTlsEngine("openssl", () -> Optional.of("no library for this CPU"));
      assertThat(engine.options()).isExactlyInstanceOf(JdkSSLEngineOptions.class);
      assertThat(engine.options()).isExactlyInstanceOf(JdkSSLEngineOptions.class);
      assertThat(engine.serving()).startsWith("the JDK");
      assertThat(log.records()).hasSize(1);
      assertThat(log.records().get(0).getMessage()).contains("no library for this CPU");
    }
  }

  @Test
  @DisplayName("any other value stops the start with the setting's name and the allowed values")
  void unknown() {
    assertThatThrownBy(() -> new ServerTlsEngine("boringssl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("manifest-guard.tls.engine must be openssl or jdk, not 'boringssl'");
  }
}
