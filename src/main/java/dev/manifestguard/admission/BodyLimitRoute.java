package dev.manifestguard.admission;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body announced as larger than {@code quarkus.http.limits.max-body-size} with a JSON 413
 * before any of it is read. (A chunked body without Content-Length is still cut off by Quarkus
 * itself at the same limit, with 413.)
 */
@ApplicationScoped
public class BodyLimitRoute {

  void install(
      @Observes Router router,
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
    long max = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    String body =
        AdmissionResponses.error(
                "request body is larger than the limit of "
                    + max
                    + " bytes (quarkus.http.limits.max-body-size)")
            .toString();
    router
        .route()
        .order(-1000)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length != null) {
                long n;
                try {
                  n = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                  n = -1;
                }
                if (n > max) {
                  ctx.response()
                      .setStatusCode(413)
                      .putHeader("Content-Type", "application/json")
                      .putHeader("Connection", "close")
                      .end(body);
                  return;
                }
              }
              ctx.next();
            });
  }
}
