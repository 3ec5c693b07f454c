package dev.manifestguard.admission;

import dev.manifestguard.metrics.AdmissionMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Bounds the reviews inside the server, queued or evaluated: beyond {@code
 * manifest-guard.admission.max-concurrent} received and not yet answered, a review waits, before
 * its body is read, for a place to come free: at most {@code manifest-guard.admission.max-wait} and
 * with at most {@code manifest-guard.admission.max-waiting} others; then, or when that line is
 * full, it is answered 503 on the event loop.
 *
 * <p>{@link AdmissionHandler} bounds only the reviews in evaluation; the ones waiting for a worker
 * thread were an unbounded queue. Under a sustained overload that queue grew until every review in
 * it had outlived the apiserver's timeout (measured: at twice its capacity every review timed out
 * and memory grew with the queue). The short wait is for bursts: a stall of a few hundred
 * milliseconds (a CPU-throttled pod, a collection) filled the 64 places and answered 503s that the
 * server would have answered 200 a moment later. A waiting review holds only its headers and what
 * its stream has buffered (paused, so the client stops sending), not a parsed body.
 */
@ApplicationScoped
public class InFlightLimitRoute {
  private static final Logger LOG = Logger.getLogger(InFlightLimitRoute.class);
  private volatile AdmissionSlots slots = new AdmissionSlots(1, 0);

  void install(
      @Observes Router router,
      AdmissionMetrics metrics,
      @ConfigProperty(name = "manifest-guard.admission.max-concurrent", defaultValue = "64")
          int maxConcurrent,
      @ConfigProperty(name = "manifest-guard.admission.max-waiting", defaultValue = "128")
          int maxWaiting,
      @ConfigProperty(name = "manifest-guard.admission.max-wait", defaultValue = "1s")
          Duration maxWait) {
    AdmissionSlots places = new AdmissionSlots(maxConcurrent, maxWaiting);
    slots = places;
    long waitMillis = Math.max(1, maxWait.toMillis());
    LOG.infof(
        "Admission reviews: at most %d inside the server at once; beyond that at most %d wait up to"
            + " %d ms for a place, then 503",
        places.limit(), places.maxWaiting(), waitMillis);
    String lineFull =
        refusal(
            "too many admission reviews in progress (limit "
                + places.limit()
                + ", manifest-guard.admission.max-concurrent, and "
                + places.maxWaiting()
                + " waiting, manifest-guard.admission.max-waiting); retry shortly");
    String waitedTooLong =
        refusal(
            "too many admission reviews in progress (limit "
                + places.limit()
                + ", manifest-guard.admission.max-concurrent); none finished within "
                + waitMillis
                + " ms (manifest-guard.admission.max-wait); retry shortly");
    router
        .post("/validate")
        .order(-900)
        .handler(
            ctx -> {
              Context context = Vertx.currentContext();
              AdmissionSlots.Ticket ticket =
                  places.enter(
                      () ->
                          context.runOnContext(
                              admitted -> {
                                // A client gone while waiting has given its place back already.
                                if (!ctx.response().closed() && !ctx.response().ended()) {
                                  metrics.waited("admitted");
                                  ctx.request().resume();
                                  ctx.next();
                                }
                              }));
              if (ticket == null) {
                refuse(ctx, metrics, lineFull);
                return;
              }
              // Vert.x calls end handlers once: when the response is sent, or when the connection
              // or stream is gone (then a waiting review leaves the line).
              ctx.addEndHandler(done -> places.leave(ticket));
              if (!ticket.queued()) {
                ctx.next();
                return;
              }
              // Quarkus hands requests over paused until a handler reads the body; paused here
              // (and resumed on admission) so the wait does not rest on that.
              ctx.request().pause();
              long timer =
                  ctx.vertx()
                      .setTimer(
                          waitMillis,
                          expired -> {
                            if (places.giveUp(ticket)) {
                              metrics.waited("expired");
                              refuse(ctx, metrics, waitedTooLong);
                            }
                          });
              ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
            });
  }

  private static String refusal(String message) {
    return AdmissionResponses.error(message).toString();
  }

  private static void refuse(RoutingContext ctx, AdmissionMetrics metrics, String body) {
    metrics.request("unknown", "unknown", "overloaded", Duration.ZERO);
    ctx.response()
        .setStatusCode(503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Retry-After", "1")
        .end(body);
  }

  /** Reviews received and not yet answered, waiting ones left out. */
  int inFlight() {
    return slots.held();
  }

  /** Reviews waiting for a place. */
  int waiting() {
    return slots.waiting();
  }
}
