package dev.manifestguard.admission;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a JSON 413. A body
 * announced as larger (Content-Length) is refused before any of it is read. A chunked HTTP/1.1 body
 * is read here, counting, and refused as soon as it passes the limit; left to Quarkus, it got a 413
 * with an empty body.
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
    // Reads the whole body into the routing context, where the REST layer takes it from; fails the
    // request with 413 past the limit. Only for bodies of unknown length: the others stream.
    BodyHandler unknownLength = BodyHandler.create(false).setBodyLimit(max);
    router
        .route()
        .order(-1000)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader("Content-Length");
              if (length == null) {
                if (mayHaveBody(ctx.request())) {
                  unknownLength.handle(ctx);
                  return;
                }
              } else if (announced(length) > max) {
                tooLarge(ctx, body);
                return;
              }
              ctx.next();
            })
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() == 413 && !ctx.response().ended()) {
                tooLarge(ctx, body);
              } else {
                ctx.next();
              }
            });
  }

  private static long announced(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * An HTTP/1.1 request with a chunked body. Not HTTP/2 without Content-Length: Quarkus's REST
   * layer cannot take a body already read there (it pauses the request, which Vert.x refuses for an
   * HTTP/2 stream already ended: a 500), so those stay with Quarkus's own limit (README, Failure
   * modes). The apiserver always sends Content-Length.
   */
  private static boolean mayHaveBody(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2
        && request.getHeader("Transfer-Encoding") != null;
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
