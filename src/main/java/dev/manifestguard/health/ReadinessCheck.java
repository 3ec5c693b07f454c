package dev.manifestguard.health;

import dev.manifestguard.cluster.ClusterStateSource;
import dev.manifestguard.webhook.Warmup;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the cluster caches have synced (at once with no cluster) and the start-up warm-up has
 * run, and no longer ready as soon as shutdown begins, so the Service stops routing reviews here
 * before the server closes.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  private final ClusterStateSource clusterSource;
  private final Warmup warmup;
  private volatile boolean shuttingDown;

  public ReadinessCheck(ClusterStateSource clusterSource, Warmup warmup) {
    this.clusterSource = clusterSource;
    this.warmup = warmup;
  }

  void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
    shuttingDown = true;
  }

  void onShutdown(@Observes ShutdownEvent event) {
    shuttingDown = true;
  }

  @Override
  public HealthCheckResponse call() {
    boolean synced = clusterSource.ready();
    boolean warm = warmup.done();
    return HealthCheckResponse.named("manifest-guard")
        .status(synced && warm && !shuttingDown)
        .withData("cacheSynced", synced)
        .withData("warmedUp", warm)
        .withData("shuttingDown", shuttingDown)
        .build();
  }
}
