package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.tls.PendingHandshakeLimit;
import dev.manifestguard.tls.ServerTlsEngine;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * With {@code manifest-guard.tls.engine=jdk} (or where OpenSSL cannot load) the JDK's TLS serves
 * the HTTPS port, with HTTP/2 and the handshake limit as with OpenSSL.
 */
@QuarkusTest
@TestProfile(JdkTlsEngineTest.JdkEngine.class)
class JdkTlsEngineTest {

  public static class JdkEngine implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("manifest-guard.tls.engine", "jdk");
    }
  }

  @TestHTTPResource(value = "/validate", tls = true)
  URL https;

  @Inject ServerTlsEngine engine;
  @Inject PendingHandshakeLimit limit;

  @Test
  @DisplayName(
      "the JDK's TLS answers a review over HTTP/2, and every handshake is counted back out")
  void jdkEngine() throws Exception {
    HttpResponse<String> r =
        Tls.client(HttpClient.Version.HTTP_2)
            .send(
                HttpRequest.newBuilder(https.toURI())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            Reviews.own("rollout-negative-cpu.json")))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(engine.serving()).startsWith("the JDK");
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Reviews.tree(r.body()).path("response").path("allowed").asBoolean()).isFalse();
    assertThat(Tls.handshake(https.getPort(), "TLSv1.2").protocol()).isEqualTo("TLSv1.2");
    HandshakeLimitTest.awaitPending(limit, n -> n == 0, "every handshake counted back out");
  }
}
