package dev.manifestguard.admission;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** No exception ever leaves as an HTML page: JAX-RS errors keep their status, anything else is a JSON 500. */
@Provider
public class JsonErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(JsonErrorMapper.class);

  @Override
  public Response toResponse(Throwable e) {
    int status;
    String message;
    if (e instanceof AdmissionProblem p) {
      status = p.status();
      message = p.getMessage();
    } else if (tooLarge(e)) {
      // A chunked body (no Content-Length, so BodyLimitRoute could not refuse it early) cut off by Quarkus, which
      // usually has sent its own bare 413 already; this keeps the status right if it has not.
      status = 413;
      message = "request body is larger than the limit (quarkus.http.limits.max-body-size)";
    } else if (e instanceof WebApplicationException w && w.getResponse() != null) {
      status = w.getResponse().getStatus();
      message = w.getMessage() == null ? "HTTP " + status : w.getMessage();
    } else {
      status = 500;
      message = "internal error (" + e.getClass().getSimpleName() + "); see the webhook log";
      LOG.error("Unexpected error while answering a request", e);
    }
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(AdmissionResponses.error(message)).build();
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
