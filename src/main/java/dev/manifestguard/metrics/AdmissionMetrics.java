package dev.manifestguard.metrics;

import dev.manifestguard.cluster.ClusterStateSource;
import dev.manifestguard.engine.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The webhook's own metrics (INTERFACES.md "Webhook HTTP"). Label values are bounded: operations
 * and decisions are fixed sets, kinds are those the webhook configuration routes here, rules are
 * the catalogue.
 */
@ApplicationScoped
public class AdmissionMetrics {
  private static final Set<String> OPERATIONS =
      Set.of("CREATE", "UPDATE", "DELETE", "CONNECT", "unknown");

  /** Anyone who can reach port 8080 can post a review: cap the kinds a label can take. */
  static final int MAX_KINDS = 200;

  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}|unknown");

  private final MeterRegistry meters;
  private final Set<String> kinds = ConcurrentHashMap.newKeySet();

  /**
   * The findings counters by rule and action, registered once: building and registering a meter for
   * every finding (sorted tags, a new id, a lookup) cost more than some rules. Bounded by the
   * catalogue times the actions.
   */
  private final Map<String, Counter> findings = new ConcurrentHashMap<>();

  /**
   * The request counters and timers, registered once as the findings counters are (an overload
   * answers thousands of 503s a second, each counted here). Bounded by the label values above.
   */
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();

  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  private final Map<String, Counter> waited = new ConcurrentHashMap<>();

  public AdmissionMetrics(MeterRegistry meters, ClusterStateSource clusterSource) {
    this.meters = meters;
    Gauge.builder("manifest_guard.cache.synced", clusterSource, s -> s.ready() ? 1 : 0)
        .description("1 once the cluster caches have synced (or at once with no cluster), else 0")
        .register(meters);
  }

  /** One answered review; {@code decision} is allowed, denied, excluded, invalid or overloaded. */
  public void request(String operation, String kind, String decision, Duration took) {
    String op = OPERATIONS.contains(operation) ? operation : "other";
    String boundedKind = boundedKind(kind);
    requests
        .computeIfAbsent(
            op + "\u0000" + boundedKind + "\u0000" + decision,
            key ->
                Counter.builder("manifest_guard.admission.requests")
                    .description("Admission reviews answered")
                    .tag("operation", op)
                    .tag("kind", boundedKind)
                    .tag("decision", decision)
                    .register(meters))
        .increment();
    durations
        .computeIfAbsent(
            decision,
            key ->
                Timer.builder("manifest_guard.admission.duration")
                    .description("Time to answer an admission review")
                    .tag("decision", decision)
                    .publishPercentileHistogram()
                    .register(meters))
        .record(took);
  }

  private String boundedKind(String kind) {
    if (!KIND.matcher(kind).matches()) {
      return "other";
    }
    if (kinds.contains(kind)) {
      return kind;
    }
    if (kinds.size() >= MAX_KINDS) {
      return "other";
    }
    kinds.add(kind);
    return kind;
  }

  /**
   * A request whose client closed the connection (or reset the HTTP/2 stream) before it was
   * answered, typically an apiserver giving up after the webhook's timeoutSeconds: {@code
   * manifest_guard_admission_client_closed_total}.
   */
  public void clientClosed() {
    Counter.builder("manifest_guard.admission.client.closed")
        .description("Requests whose client closed the connection before they were answered")
        .register(meters)
        .increment();
  }

  /**
   * A review that waited for a place inside the server: {@code outcome} admitted (a place came free
   * in time) or expired (answered 503 after {@code manifest-guard.admission.max-wait}); {@code
   * manifest_guard_admission_waited_total}. A count that grows says the replica runs near its
   * capacity.
   */
  public void waited(String outcome) {
    waited
        .computeIfAbsent(
            outcome,
            key ->
                Counter.builder("manifest_guard.admission.waited")
                    .description("Admission reviews that waited for a place, by outcome")
                    .tag("outcome", outcome)
                    .register(meters))
        .increment();
  }

  public void finding(Finding f) {
    findings
        .computeIfAbsent(
            f.rule() + "\u0000" + f.action().id(),
            key ->
                Counter.builder("manifest_guard.findings")
                    .description("Findings by rule and final action")
                    .tag("rule", f.rule())
                    .tag("action", f.action().id())
                    .register(meters))
        .increment();
  }

  public void skipped(String rule) {
    Counter.builder("manifest_guard.skipped.findings")
        .description("Findings turned into audit by the manifest-guard.dev/skip annotation")
        .tag("rule", rule)
        .register(meters)
        .increment();
  }
}
