package dev.manifestguard.webhook;

import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.PolicyException;
import dev.manifestguard.engine.PolicyParser;
import dev.manifestguard.engine.RuleRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The webhook's live policy: read at startup, then polled (stamp, then content hash) and swapped
 * atomically when the file changes. A reload that fails keeps the previous policy.
 *
 * <p>An invalid policy at startup stops the webhook: a new pod with a broken policy must not take
 * traffic with rules at their defaults (which could deny what the operator had turned off, or allow
 * what they had made a deny); in a rolling update the old pods keep serving with the last good
 * policy while the new one crash-loops with the reason in its log. A missing file is not an error:
 * the default policy applies.
 */
@ApplicationScoped
public class PolicyHolder {
  private static final Logger LOG = Logger.getLogger(PolicyHolder.class);

  private final Path path;
  private final Duration pollInterval;
  private final PolicyParser parser;
  private final Counter reloadSuccess;
  private final Counter reloadFailure;

  private volatile Policy policy = Policy.DEFAULT;
  private volatile PolicyFile current = PolicyFile.MISSING;
  private ScheduledExecutorService watcher;

  public PolicyHolder(
      @ConfigProperty(name = "manifest-guard.policy.path") String path,
      @ConfigProperty(name = "manifest-guard.policy.poll-interval", defaultValue = "2s")
          Duration pollInterval,
      RuleRegistry registry,
      MeterRegistry meters) {
    this.path = Path.of(path);
    this.pollInterval = pollInterval;
    this.parser = new PolicyParser(registry.ids());
    this.reloadSuccess =
        Counter.builder("manifest_guard.policy.reloads")
            .tag("result", "success")
            .description("Policy file reloads after a change")
            .register(meters);
    this.reloadFailure =
        Counter.builder("manifest_guard.policy.reloads")
            .tag("result", "failure")
            .description("Policy file reloads after a change")
            .register(meters);
  }

  /** The policy to apply to the request being handled now. */
  public Policy policy() {
    return policy;
  }

  public Path path() {
    return path;
  }

  void start(@Observes @Priority(1) StartupEvent event) {
    PolicyFile file;
    try {
      file = PolicyFile.read(path);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the policy file " + path + ": " + e, e);
    }
    if (!file.exists()) {
      LOG.infof(
          "No policy file at %s: using the default policy (every rule at its default action)",
          path);
    } else {
      try {
        policy = parser.parse(file.text(), path.toAbsolutePath().getParent());
      } catch (PolicyException e) {
        throw new IllegalStateException(
            "invalid policy file "
                + path
                + ": "
                + e.getMessage()
                + " (fix the policy; the webhook does not start with a policy it cannot read)",
            e);
      }
      LOG.infof("Policy loaded from %s (%d rule override(s))", path, policy.rules().size());
      warnExpired(policy);
    }
    current = file;
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "manifest-guard-policy-watch");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(50, pollInterval.toMillis());
    watcher.scheduleWithFixedDelay(this::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void warnExpired(Policy p) {
    for (String expired : p.expiredExemptions(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
      LOG.warnf("Policy file %s: %s and is ignored", path, expired);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException | IOException e) {
      LOG.warnf("Policy file %s could not be checked for changes: %s", path, e.toString());
    }
  }

  /** One poll; package-visible so tests can drive it without waiting. */
  synchronized void poll() throws IOException {
    PolicyFile.Stamp stamp = PolicyFile.Stamp.of(path);
    if (stamp.equals(current.stamp())) {
      return;
    }
    PolicyFile file = PolicyFile.read(path);
    if (file.sameContent(current)) {
      current = file; // a touch or a symlink swap to identical content
      return;
    }
    if (!file.exists()) {
      current = file;
      reloadFailure.increment();
      LOG.warnf("Policy file %s disappeared: keeping the previous policy", path);
      return;
    }
    try {
      Policy next = parser.parse(file.text(), path.toAbsolutePath().getParent());
      policy = next;
      current = file;
      reloadSuccess.increment();
      LOG.infof("Policy reloaded from %s (%d rule override(s))", path, next.rules().size());
      warnExpired(next);
    } catch (PolicyException e) {
      current = file; // report a broken file once, not at every poll
      reloadFailure.increment();
      LOG.errorf(
          "Policy file %s changed but is invalid, keeping the previous policy: %s",
          path, e.getMessage());
    }
  }
}
