package dev.manifestguard.admission;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /validate}: HTTP only. The body is taken as bytes (the content type is checked by the
 * handler, so a wrong one gets a JSON 415 like every other error) and read once into a JSON tree.
 */
@Path("/validate")
public class AdmissionResource {
  private final AdmissionHandler handler;

  public AdmissionResource(AdmissionHandler handler) {
    this.handler = handler;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response validate(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
    AdmissionHandler.Answer answer = handler.handle(contentType, body);
    Response.ResponseBuilder out =
        Response.status(answer.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(answer.body());
    if (answer.status() == 503) {
      out.header("Retry-After", "1");
    }
    return out.build();
  }
}
