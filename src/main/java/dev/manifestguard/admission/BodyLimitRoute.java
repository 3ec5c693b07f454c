package dev.manifestguard.admission;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body announced as larger than {@code quarkus.http.limits.max-body-size}
 * (Content-Length) with a JSON 413 before any of it is read. (A body without Content-Length,
 * HTTP/1.1 chunked, is still cut off by Quarkus itself at the same limit, with a 413 without a
 * body: reading it here would buffer bodies on the event loop before the in-flight limit is
 * applied, see README.)
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
              if (length != null && announced(length) > max) {
                tooLarge(ctx, body);
                return;
              }
              ctx.next();
            });
  }

  private static long announced(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void tooLarge(RoutingContext ctx, String body) {
    var response = ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json");
    // HTTP/1.1: the unread rest of the body would be taken for the next request, so the connection
    // goes. HTTP/2 forbids the header (the stream was reset instead of answered); there the stream
    // ends and the connection's other streams go on.
    if (ctx.request().version() != HttpVersion.HTTP_2) {
      response.putHeader("Connection", "close");
    }
    response.end(body);
  }
}
