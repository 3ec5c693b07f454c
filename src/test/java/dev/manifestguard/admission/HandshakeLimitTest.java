package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.manifestguard.tls.PendingHandshakeLimit;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * At the limit of TLS handshakes in progress the HTTPS port stops accepting, while connections
 * already established keep being answered; it accepts again once the handshakes end.
 */
@QuarkusTest
@TestProfile(HandshakeLimitTest.LimitOfFour.class)
class HandshakeLimitTest {

  public static class LimitOfFour implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // A long handshake timeout, so that only the test decides when the stalled handshakes end.
      return Map.of(
          "manifest-guard.tls.max-pending-handshakes", "4",
          "quarkus.tls.webhook.handshake-timeout", "60s");
    }
  }

  @TestHTTPResource(value = "/validate", tls = true)
  URL https;

  @Inject PendingHandshakeLimit limit;

  private HttpResponse<String> review(HttpClient client) throws Exception {
    return client.send(
        HttpRequest.newBuilder(https.toURI())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Reviews.own("rollout-negative-cpu.json")))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A full handshake on a new connection within the timeout, or an exception. */
  private void handshake(Duration timeout) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) Tls.trustAll().getSocketFactory().createSocket("localhost", https.getPort())) {
      socket.setSoTimeout((int) timeout.toMillis());
      socket.startHandshake();
    }
  }

  private void awaitPending(IntPredicate expected, String what) throws InterruptedException {
    awaitPending(limit, expected, what);
  }

  /**
   * Waits up to 10 s for the handshakes in progress to match: the server counts a handshake out
   * when it completes, a moment after the client's side.
   */
  static void awaitPending(PendingHandshakeLimit limit, IntPredicate expected, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!expected.test(limit.pending()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(limit.pending()).as(what).matches(expected::test);
  }

  @Test
  @DisplayName(
      "four stalled handshakes pause accepting; an established HTTP/2 connection is still answered; "
          + "closing them resumes")
  void pausesAndResumes() throws Exception {
    HttpClient client = Tls.client(HttpClient.Version.HTTP_2);
    HttpResponse<String> before = review(client);
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.version())
        .as("ALPN still negotiates h2")
        .isEqualTo(HttpClient.Version.HTTP_2);
    awaitPending(n -> n == 0, "no handshake in progress once connected");
    long pausesBefore = limit.pauses();

    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        // Connected, never says hello: its handshake stays in progress.
        stalled.add(new Socket("localhost", https.getPort()));
      }
      awaitPending(n -> n == 4, "the four silent connections are in their handshake");
      // The event loop counts the pause just after the fourth handshake's start: wait for it.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (limit.pauses() == pausesBefore && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(limit.pauses()).isEqualTo(pausesBefore + 1);

      assertThatThrownBy(() -> handshake(Duration.ofMillis(1500)))
          .as("a fifth connection waits in the accept queue: its handshake gets no answer")
          .isInstanceOf(SocketTimeoutException.class);

      HttpResponse<String> during = review(client);
      assertThat(during.statusCode()).as("the established connection is served").isEqualTo(200);
      assertThat(Reviews.tree(during.body()).path("response").path("allowed").asBoolean())
          .isFalse();
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
    awaitPending(n -> n == 0, "closed connections end their handshakes");
    handshake(Duration.ofSeconds(10));
    HttpClient fresh = Tls.client(HttpClient.Version.HTTP_2);
    assertThat(review(fresh).statusCode()).isEqualTo(200);
  }
}
