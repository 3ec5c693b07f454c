package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reviews received and not yet answered are bounded: a review whose body is still arriving holds a
 * place, one beyond the limit gets a 503 at once, and a place comes back when its review is
 * answered or its client goes away.
 */
@QuarkusTest
@TestProfile(InFlightLimitTest.LimitOfTwo.class)
class InFlightLimitTest {

  public static class LimitOfTwo implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("manifest-guard.admission.max-concurrent", "2");
    }
  }

  @Inject InFlightLimitRoute limit;

  /**
   * A POST /validate whose headers and first half of the body are sent; the rest waits for {@link
   * #finish()}.
   */
  private static final class HeldReview implements AutoCloseable {
    private final Socket socket;
    private final byte[] body;

    HeldReview(byte[] body) throws IOException {
      this.body = body;
      socket = new Socket("localhost", RestAssured.port);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, body.length / 2);
      out.flush();
    }

    /** Sends the rest of the body and returns the status line. */
    String finish() throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(body, body.length / 2, body.length - body.length / 2);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private void awaitInFlight(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (limit.inFlight() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(limit.inFlight()).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "beyond the limit a review gets a fast JSON 503; places come back on answer and on client close")
  void boundedAndReleased() throws Exception {
    byte[] review = Reviews.own("pod-create-v1beta1.json").getBytes(StandardCharsets.UTF_8);
    try (HeldReview first = new HeldReview(review);
        HeldReview second = new HeldReview(review)) {
      awaitInFlight(2);

      long start = System.nanoTime();
      Reviews.Raw third = Reviews.raw("application/json", review);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(third.status()).isEqualTo(503);
      assertThat(third.contentType()).startsWith("application/json");
      assertThat(Reviews.tree(third.body()).path("error").asText())
          .contains("manifest-guard.admission.max-concurrent");

      assertThat(first.finish()).startsWith("HTTP/1.1 200");
      awaitInFlight(1);
      second.close();
      awaitInFlight(0);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(Reviews.raw("application/json", review).status()).isEqualTo(200);
    }
    awaitInFlight(0);
  }
}
