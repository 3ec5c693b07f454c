package dev.manifestguard.admission;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * For the training run that writes the AppCDS archive (src/build/cds-train.sh and src/bench/run.sh
 * set {@code manifest-guard.cds-training=true} with {@code -XX:ArchiveClassesAtExit}): at shutdown,
 * before the JVM writes the archive, links every class Quarkus's class loader has loaded.
 *
 * <p>Why: a JDK 17 dynamic archive leaves out the classes of a custom class loader that were loaded
 * but never linked ("Skipping ...: Not linked": 1,142 of the webhook's classes, Jackson's
 * deserializers, fabric8's model, Vert.x), and every start then reads and parses them again. The
 * loader's list of classes is private to {@link ClassLoader}, so the training run opens {@code
 * java.lang} ({@code --add-opens java.base/java.lang=ALL-UNNAMED}); without that the archive is
 * written as before and the log says why.
 */
@ApplicationScoped
class CdsTrainingLinker {
  private static final Logger LOG = Logger.getLogger(CdsTrainingLinker.class);

  private final boolean training;

  CdsTrainingLinker(
      @ConfigProperty(name = "manifest-guard.cds-training", defaultValue = "false")
          boolean training) {
    this.training = training;
  }

  void onStop(@Observes ShutdownEvent event) {
    if (!training) {
      return;
    }
    LoadedClassLinker.Result r = LoadedClassLinker.link(CdsTrainingLinker.class.getClassLoader());
    if (r.unavailable() != null) {
      LOG.warnf(
          "CDS training: cannot list the loaded classes (%s); unlinked classes stay out of the"
              + " archive",
          r.unavailable());
    } else {
      LOG.infof(
          "CDS training: %d classes linked for the archive (%d could not be)",
          r.linked(), r.failed());
    }
  }
}
