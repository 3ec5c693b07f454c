package dev.manifestguard.tls;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the webhook's PEM files on the HTTPS port and picks up new ones without a restart or a
 * failed handshake.
 *
 * <p>The HTTPS server uses the named TLS configuration {@value #TLS_NAME} (files from {@link
 * TlsFilesConfigSourceFactory}); this customizer replaces its key material with a {@link
 * ReloadingKeyManager} and polls the files every {@code quarkus.tls.reload-period} itself.
 * Quarkus's own reload is not used for this server: it rebuilds the server's SSL context, and
 * Vert.x 4.5 fails every connection accepted during that rebuild ("Failed to initialize a channel",
 * a NullPointerException on the pending context). A change is applied only when both files parse
 * and the key belongs to the certificate, so a rotation caught halfway (the certificate renamed in,
 * the key not yet) keeps the current pair until the next poll sees the finished one.
 */
@ApplicationScoped
public class CertificateReloader implements HttpServerOptionsCustomizer {
  static final String TLS_NAME = "webhook";
  private static final Logger LOG = Logger.getLogger(CertificateReloader.class);

  private final Path cert;
  private final Path key;
  private final Optional<Duration> period;
  private volatile ReloadingKeyManager manager;
  private volatile String lastRefused;
  private volatile String warned;
  private int version;
  private ScheduledExecutorService poller;

  public CertificateReloader(
      @ConfigProperty(name = "quarkus.tls." + TLS_NAME + ".key-store.pem.0.cert") String cert,
      @ConfigProperty(name = "quarkus.tls." + TLS_NAME + ".key-store.pem.0.key") String key,
      @ConfigProperty(name = "quarkus.tls.reload-period") Optional<Duration> period) {
    this.cert = Path.of(cert);
    this.key = Path.of(key);
    this.period = period;
  }

  @Override
  public synchronized void customizeHttpsServer(HttpServerOptions options) {
    if (manager == null) {
      try {
        manager = new ReloadingKeyManager(read());
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot serve the TLS files " + cert + " and " + key + ": " + e.getMessage(), e);
      }
      period.filter(p -> !p.isZero() && !p.isNegative()).ifPresent(this::startPolling);
    }
    options.setKeyCertOptions(KeyCertOptions.wrap(manager));
  }

  /** The pair served now, or null before the HTTPS server started. */
  public CertificatePair current() {
    ReloadingKeyManager m = manager;
    return m == null ? null : m.current();
  }

  private CertificatePair read() throws IOException {
    byte[] certPem = Files.readAllBytes(cert);
    byte[] keyPem = Files.readAllBytes(key);
    return CertificatePair.parse(TLS_NAME + "-" + (++version), certPem, keyPem);
  }

  private void startPolling(Duration every) {
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "manifest-guard-tls-watch");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(50, every.toMillis());
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** One poll: package-visible for tests. */
  synchronized void poll() {
    ReloadingKeyManager m = manager;
    if (m == null) {
      return;
    }
    byte[] certPem;
    byte[] keyPem;
    try {
      certPem = Files.readAllBytes(cert);
      keyPem = Files.readAllBytes(key);
    } catch (IOException e) {
      refuse("?" + e, "cannot read them (" + e + ")");
      return;
    }
    String hash = CertificatePair.hash(certPem, keyPem);
    if (hash.equals(m.current().contentHash())) {
      lastRefused = null;
      return;
    }
    try {
      CertificatePair next = CertificatePair.parse(TLS_NAME + "-" + (++version), certPem, keyPem);
      m.swap(next);
      lastRefused = null;
      LOG.infof(
          "HTTPS certificate reloaded from %s: %s, SHA-256 %s", cert, next, next.fingerprint());
    } catch (IOException | RuntimeException e) {
      refuse(hash, e.getMessage());
    }
  }

  private void refuse(String hash, String why) {
    // Once per content: a rotation caught halfway is retried at the next poll, and logged only if
    // it stays broken.
    if (hash.equals(lastRefused) && !hash.equals(warned)) {
      warned = hash;
      LOG.warnf(
          "HTTPS certificate files %s / %s changed but cannot be used, still serving %s: %s",
          cert, key, manager.current(), why);
    } else if (!hash.equals(lastRefused)) {
      LOG.debugf("HTTPS certificate files changed but not usable yet (%s); retrying", why);
    }
    lastRefused = hash;
  }
}
