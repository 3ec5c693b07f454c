package dev.manifestguard.admission;

import dev.manifestguard.metrics.AdmissionMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * No exception ever leaves as an HTML page: JAX-RS errors keep their status, anything else is a
 * JSON 500.
 */
@Provider
public class JsonErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(JsonErrorMapper.class);

  /**
   * Exceptions (by simple class name, anywhere in the cause chain) that mean the client went away
   * while its request was read or answered: an apiserver (or load generator) giving up on a
   * timed-out call closes the connection (HTTP/1.1) or resets the stream (HTTP/2). Nothing is wrong
   * with the webhook and nobody is left to answer. Matched by name so that no Vert.x or Netty type
   * leaks into this class.
   */
  private static final Set<String> CLIENT_GONE =
      Set.of(
          "ClosedChannelException",
          "StreamResetException",
          "HttpClosedException",
          "SslClosedEngineException",
          "Http2Exception",
          "StacklessHttp2Exception",
          "VertxException");

  /** IOException messages from Vert.x/Netty for the same situation. */
  private static final Set<String> CLIENT_GONE_MESSAGES =
      Set.of(
          "Connection reset by peer",
          "Broken pipe",
          "Failed to write",
          "Read timed out",
          "Connection was closed");

  @Inject AdmissionMetrics metrics;

  @Override
  public Response toResponse(Throwable e) {
    int status;
    String message;
    if (tooLarge(e)) {
      // A chunked body (no Content-Length, so BodyLimitRoute could not refuse it early) cut off by
      // Quarkus, which usually has sent its own bare 413 already; this keeps the status right if it
      // has not.
      status = 413;
      message = "request body is larger than the limit (quarkus.http.limits.max-body-size)";
    } else if (clientGone(e)) {
      // Under overload every cancelled request ended up here, logged at ERROR with a full stack
      // trace: 278,000 lines in 10 s, CPU taken from the backlog being drained. One DEBUG line, no
      // stack trace, and a counter.
      if (metrics != null) {
        metrics.clientClosed();
      }
      if (LOG.isDebugEnabled()) {
        LOG.debugf(
            "Client closed the connection before its request was answered: %s", rootMessage(e));
      }
      status = 400;
      message = "the client closed the connection";
    } else if (e instanceof WebApplicationException w && w.getResponse() != null) {
      status = w.getResponse().getStatus();
      message = w.getMessage() == null ? "HTTP " + status : w.getMessage();
    } else {
      status = 500;
      message = "internal error (" + e.getClass().getSimpleName() + "); see the webhook log";
      LOG.error("Unexpected error while answering a request", e);
    }
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(AdmissionResponses.error(message))
        .build();
  }

  /** Whether the request failed because the client closed the connection or reset the stream. */
  static boolean clientGone(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (CLIENT_GONE.contains(t.getClass().getSimpleName())) {
        return !t.getClass().getSimpleName().equals("VertxException") || connectionMessage(t);
      }
      if (t instanceof java.io.IOException && connectionMessage(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean connectionMessage(Throwable t) {
    String m = t.getMessage();
    if (m == null) {
      return false;
    }
    for (String known : CLIENT_GONE_MESSAGES) {
      if (m.contains(known)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && depth < 16; depth++) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException && "Request too large".equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }
}
