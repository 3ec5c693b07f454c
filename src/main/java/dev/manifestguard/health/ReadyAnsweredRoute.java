package dev.manifestguard.health;

import dev.manifestguard.webhook.Warmup;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells {@link Warmup} when the first "ready" answer has been sent, so the TLS part of the warm-up
 * starts after it: on one CPU, started as soon as readiness turned true, it delayed the answer
 * itself by about a second (its server side runs on the same event loops).
 */
@ApplicationScoped
public class ReadyAnsweredRoute {
  void install(@Observes Router router, Warmup warmup) {
    router
        .get("/q/health/ready")
        .order(-950)
        .handler(
            ctx -> {
              ctx.addEndHandler(
                  sent -> {
                    if (sent.succeeded() && ctx.response().getStatusCode() == 200) {
                      warmup.reportedReady();
                    }
                  });
              ctx.next();
            });
  }
}
