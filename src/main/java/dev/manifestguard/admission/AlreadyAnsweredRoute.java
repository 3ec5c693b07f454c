package dev.manifestguard.admission;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A failure after the answer has gone out is not an error of the server: the one seen is a chunked
 * body over the size limit, which Quarkus answers 413 itself while the request's error answer is
 * still being written behind it ("Response has already been written"). Quarkus's error handler
 * logged each at ERROR with a stack trace, for a client's mistake, and could not answer anyway. One
 * DEBUG line instead (one WARN line for any other failure after the answer); failures before the
 * answer go on to the usual handlers.
 */
@ApplicationScoped
public class AlreadyAnsweredRoute {
  private static final Logger LOG = Logger.getLogger(AlreadyAnsweredRoute.class);

  void install(@Observes Router router) {
    router
        .route()
        .order(-1100)
        .failureHandler(
            ctx -> {
              if (!ctx.response().ended()) {
                ctx.next();
                return;
              }
              Throwable e = ctx.failure();
              // The known case is a client's mistake; anything else may be a bug, but it can no
              // longer change the answer: one line either way, no stack trace.
              boolean known =
                  e instanceof IllegalStateException
                      && String.valueOf(e.getMessage()).contains("already been written");
              LOG.logf(
                  known ? Logger.Level.DEBUG : Logger.Level.WARN,
                  "%s %s failed after its answer (status %d) was sent: %s",
                  ctx.request().method(),
                  ctx.request().path(),
                  ctx.response().getStatusCode(),
                  e == null ? "status " + ctx.statusCode() : e.toString());
            });
  }
}
