package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.tls.ServerTlsEngine;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;

/**
 * With no certificate files (the default paths do not exist here), HTTPS serves a generated
 * self-signed one.
 */
@QuarkusTest
class HttpsSelfSignedTest {
  @TestHTTPResource(value = "/validate", tls = true)
  URL https;

  @Inject ServerTlsEngine engine;

  private HttpResponse<String> post(HttpClient client, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(https.toURI())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName(
      "HTTPS serves /validate with a generated self-signed certificate, by BoringSSL on Linux")
  void selfSigned() throws Exception {
    Tls.Handshake h = Tls.handshake(https.getPort());
    assertThat(h.commonName()).isEqualTo("CN=manifest-guard");
    assertThat(h.certificate().getIssuerX500Principal())
        .isEqualTo(h.certificate().getSubjectX500Principal());
    assertThat(h.protocol()).isIn("TLSv1.3", "TLSv1.2");
    // The jar carries BoringSSL for Linux (the image, CI); elsewhere the JDK's TLS serves.
    assertThat(engine.serving())
        .as("the default engine")
        .startsWith(OS.LINUX.isCurrentOs() ? "OpenSSL (BoringSSL" : "the JDK");

    HttpClient client = Tls.client(HttpClient.Version.HTTP_1_1);
    HttpResponse<String> r =
        post(client, Reviews.own("rollout-negative-cpu.json").getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Reviews.tree(r.body()).path("response").path("allowed").asBoolean()).isFalse();
  }

  @Test
  @DisplayName(
      "over HTTP/2 (the apiserver's protocol) a body over 3 MiB gets the JSON 413, not a reset stream")
  void tooLargeOverHttp2() throws Exception {
    byte[] big = new byte[3 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpClient client = Tls.client(HttpClient.Version.HTTP_2);
    HttpResponse<String> r = post(client, big);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(Reviews.tree(r.body()).path("error").asText()).contains("larger than the limit");
    // HTTP/2 forbids connection-specific headers; strict clients (nghttp2, curl) reset the stream.
    assertThat(r.headers().map()).doesNotContainKey("connection");
    // The connection stays usable for the next review.
    HttpResponse<String> next =
        post(client, Reviews.own("rollout-negative-cpu.json").getBytes(StandardCharsets.UTF_8));
    assertThat(next.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("TLS 1.2 clients are served (the apiserver may be configured for 1.2)")
  void tls12() throws Exception {
    assertThat(Tls.handshake(https.getPort(), "TLSv1.2").protocol()).isEqualTo("TLSv1.2");
  }
}
