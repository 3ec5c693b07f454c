package dev.manifestguard.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The webhook's cluster state. Decides at startup whether there is a cluster to watch: in a pod
 * (service-account token present) or with {@code KUBECONFIG} set it starts the informers of {@link
 * InformerClusterState}; otherwise it hands out {@link NoClusterState}, is ready at once, and says
 * once in the log that reference rules are silent. {@code manifest-guard.cluster.mode} = auto
 * (default) | on | off overrides it.
 */
@ApplicationScoped
public class InformerClusterSource implements ClusterStateSource {
  private static final Logger LOG = Logger.getLogger(InformerClusterSource.class);
  static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  @Inject Instance<KubernetesClient> client;

  @Inject Instance<MeterRegistry> meters;

  @ConfigProperty(name = "manifest-guard.cluster.mode", defaultValue = "auto")
  String mode;

  /**
   * How long the live GET confirming a cache miss may take before the lookup is unknown (a warn).
   */
  @ConfigProperty(name = "manifest-guard.cluster.confirm-timeout", defaultValue = "1s")
  Duration confirmTimeout;

  private volatile InformerClusterState informers;

  void onStart(@Observes StartupEvent ev) {
    if (!clusterConfigured()) {
      LOG.info(
          "no cluster configured (no service-account token, no KUBECONFIG): reference rules stay silent");
      return;
    }
    try {
      informers =
          new InformerClusterState(
                  client.get(), meters.isResolvable() ? meters.get() : null, confirmTimeout)
              .start();
      LOG.infof("watching cluster state at %s", client.get().getMasterUrl());
    } catch (RuntimeException e) {
      // Never keep the webhook from starting: without caches the reference rules are silent.
      LOG.errorf(e, "could not start the cluster caches: reference rules stay silent");
      informers = null;
    }
  }

  void onStop(@Observes ShutdownEvent ev) {
    InformerClusterState i = informers;
    if (i != null) {
      i.close();
    }
  }

  boolean clusterConfigured() {
    return switch (mode) {
      case "on" -> true;
      case "off" -> false;
      default -> Files.exists(TOKEN) || notBlank(System.getenv("KUBECONFIG"));
    };
  }

  @Override
  public ClusterState state() {
    InformerClusterState i = informers;
    return i == null ? NoClusterState.INSTANCE : i;
  }

  @Override
  public boolean ready() {
    InformerClusterState i = informers;
    return i == null || i.ready();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
