package dev.manifestguard.admission;

import dev.manifestguard.metrics.AdmissionMetrics;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the reviews inside the server, queued or evaluated: beyond {@code
 * manifest-guard.admission.max-concurrent} received and not yet answered, a review is answered 503
 * on the event loop before its body is read or queued.
 *
 * <p>{@link AdmissionHandler} bounds only the reviews in evaluation; the ones waiting for a worker
 * thread were an unbounded queue. Under a sustained overload that queue grew until every review in
 * it had outlived the apiserver's timeout (measured: at twice its capacity every review timed out
 * and memory grew with the queue), whereas a fast 503 lets the apiserver apply its failure policy
 * at once and keeps memory flat.
 */
@ApplicationScoped
public class InFlightLimitRoute {
  private final AtomicInteger inFlight = new AtomicInteger();

  void install(
      @Observes Router router,
      AdmissionMetrics metrics,
      @ConfigProperty(name = "manifest-guard.admission.max-concurrent", defaultValue = "64")
          int maxConcurrent) {
    int limit = Math.max(1, maxConcurrent);
    String body =
        AdmissionResponses.error(
                "too many admission reviews in progress (limit "
                    + limit
                    + ", manifest-guard.admission.max-concurrent); retry shortly")
            .toString();
    router
        .post("/validate")
        .order(-900)
        .handler(
            ctx -> {
              if (inFlight.incrementAndGet() > limit) {
                inFlight.decrementAndGet();
                metrics.request("unknown", "unknown", "overloaded", Duration.ZERO);
                ctx.response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Retry-After", "1")
                    .end(body);
                return;
              }
              // Vert.x calls end handlers once: when the response is sent, or when the connection
              // or stream is gone.
              ctx.addEndHandler(done -> inFlight.decrementAndGet());
              ctx.next();
            });
  }

  /** Reviews received and not yet answered. */
  int inFlight() {
    return inFlight.get();
  }
}
