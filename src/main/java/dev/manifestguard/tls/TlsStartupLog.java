package dev.manifestguard.tls;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says which certificate the HTTPS port serves; loudly when it is a generated self-signed one. */
@ApplicationScoped
public class TlsStartupLog {
  private static final Logger LOG = Logger.getLogger(TlsStartupLog.class);

  void log(
      @Observes StartupEvent event,
      @ConfigProperty(name = "quarkus.tls.webhook.key-store.pem.0.cert") String cert,
      @ConfigProperty(name = "quarkus.tls.reload-period", defaultValue = "none") String reload) {
    SelfSignedCertificate.PemFiles generated = TlsFilesConfigSourceFactory.generated();
    if (generated != null && generated.cert().toString().equals(cert)) {
      LOG.warnf(
          "No TLS certificate files (MANIFEST_GUARD_TLS_CERT / MANIFEST_GUARD_TLS_KEY, default %s): generated "
              + "a self-signed certificate in %s (removed when the webhook stops); the apiserver will not trust it, mount a Secret for real use",
          TlsFilesConfigSourceFactory.DEFAULT_CERT, generated.cert().getParent());
    } else {
      LOG.infof("HTTPS serves the certificate %s, checked for changes every %s", cert, reload);
    }
  }
}
