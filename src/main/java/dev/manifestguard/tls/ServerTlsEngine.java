package dev.manifestguard.tls;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which TLS implementation serves the HTTPS port: {@code manifest-guard.tls.engine}, {@code
 * openssl} (the default: BoringSSL from netty-tcnative, when its native library loads on this
 * platform) or {@code jdk}.
 *
 * <p>Why OpenSSL: on the webhook's one CPU the JDK's TLS was much of an overload's cost: full
 * handshakes of new connections, record encryption, and the C2 compilations of that Java code
 * (issue #16). BoringSSL does the handshake natively at about a third of the CPU, and its
 * cryptography needs no JIT warm-up (README, Benchmarks). The engine is chosen once, when the HTTPS
 * server starts; where the native library cannot load (another libc or CPU, a {@code noexec}
 * temporary directory) the JDK's engine serves instead and the log says why.
 */
@ApplicationScoped
public class ServerTlsEngine {
  private static final Logger LOG = Logger.getLogger(ServerTlsEngine.class);

  private final String wanted;
  private final Supplier<Optional<String>> openSslUnavailable;
  private Boolean useOpenSsl;
  private volatile String serving;

  @Inject
  public ServerTlsEngine(
      @ConfigProperty(name = "manifest-guard.tls.engine", defaultValue = "openssl") String wanted) {
    this(wanted, ServerTlsEngine::whyNoOpenSsl);
  }

  /**
   * @param openSslUnavailable why BoringSSL cannot serve here, empty when it can (a seam for tests)
   */
  ServerTlsEngine(String wanted, Supplier<Optional<String>> openSslUnavailable) {
    this.wanted = wanted.trim().toLowerCase(Locale.ROOT);
    this.openSslUnavailable = openSslUnavailable;
    if (!this.wanted.equals("openssl") && !this.wanted.equals("jdk")) {
      throw new IllegalArgumentException(
          "manifest-guard.tls.engine must be openssl or jdk, not '" + wanted + "'");
    }
  }

  private static Optional<String> whyNoOpenSsl() {
    // Vert.x offers HTTP/2 over TLS only where ALPN works; BoringSSL always has it.
    if (OpenSSLEngineOptions.isAvailable() && OpenSSLEngineOptions.isAlpnAvailable()) {
      return Optional.empty();
    }
    Throwable why = OpenSsl.unavailabilityCause();
    return Optional.of(why == null ? "no ALPN support" : why.toString());
  }

  /**
   * True when the HTTPS port is to use OpenSSL: asked for, and its library loads here. Decided once
   * (the library loads or not for the process's life), so a fallback is warned about once.
   */
  synchronized boolean openSsl() {
    if (useOpenSsl == null) {
      Optional<String> why = wanted.equals("jdk") ? Optional.empty() : openSslUnavailable.get();
      why.ifPresent(
          cause ->
              LOG.warnf(
                  "manifest-guard.tls.engine=openssl, but OpenSSL cannot be loaded here (%s): the"
                      + " HTTPS port uses the JDK's TLS, which costs more CPU per handshake and per"
                      + " request",
                  cause));
      useOpenSsl = wanted.equals("openssl") && why.isEmpty();
    }
    return useOpenSsl;
  }

  /** A fresh engine configuration for the HTTPS server; says once which engine it is. */
  SSLEngineOptions options() {
    boolean useOpenSsl = openSsl();
    String name =
        useOpenSsl
            ? "OpenSSL (" + OpenSsl.versionString() + ")"
            : "the JDK (Java " + Runtime.version().feature() + ")";
    if (!name.equals(serving)) {
      serving = name;
      LOG.infof("HTTPS: TLS by %s", name);
    }
    return useOpenSsl ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  /** The engine serving the HTTPS port, for the log; null before the server started. */
  public String serving() {
    return serving;
  }
}
