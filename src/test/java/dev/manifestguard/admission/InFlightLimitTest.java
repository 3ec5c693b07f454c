package dev.manifestguard.admission;

import static io.restassured.RestAssured.given;
import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reviews received and not yet answered are bounded: a review whose body is still arriving holds a
 * place, one beyond the limit waits in a short line for a place, one beyond the line or waiting
 * past the bound gets a JSON 503, and a place comes back when its review is answered or its client
 * goes away.
 */
@QuarkusTest
@TestProfile(InFlightLimitTest.LimitOfTwo.class)
class InFlightLimitTest {

  public static class LimitOfTwo implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "manifest-guard.admission.max-concurrent", "2",
          "manifest-guard.admission.max-waiting", "1",
          "manifest-guard.admission.max-wait", "3s");
    }
  }

  @Inject InFlightLimitRoute limit;

  private final byte[] review =
      Reviews.own("pod-create-v1beta1.json").getBytes(StandardCharsets.UTF_8);

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
    await(limit::inFlight, expected);
  }

  private void awaitWaiting(int expected) throws InterruptedException {
    await(limit::waiting, expected);
  }

  private static void await(IntSupplier count, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (count.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(count.getAsInt()).isEqualTo(expected);
  }

  /** Both places taken by reviews whose bodies are half sent. */
  private final class BothPlaces implements AutoCloseable {
    final HeldReview first = new HeldReview(review);
    final HeldReview second = new HeldReview(review);

    BothPlaces() throws IOException, InterruptedException {
      awaitInFlight(2);
    }

    @Override
    public void close() throws IOException {
      first.close();
      second.close();
    }
  }

  /** {@code manifest_guard_admission_waited_total} for one outcome, 0 before its first count. */
  private static double waited(String outcome) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile(
                "^manifest_guard_admission_waited_total\\{outcome=\"" + outcome + "\"\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String error(Reviews.Raw answer) {
    return Reviews.tree(answer.body()).path("error").asText();
  }

  @Test
  @DisplayName(
      "beyond the limit a review waits and is answered 200 once a place comes free; beyond the line"
          + " a fast JSON 503; places come back on answer and on client close")
  void waitsForAPlace() throws Exception {
    double admittedBefore = waited("admitted");
    try (BothPlaces places = new BothPlaces()) {
      CompletableFuture<Reviews.Raw> third =
          CompletableFuture.supplyAsync(() -> Reviews.raw("application/json", review));
      awaitWaiting(1);
      assertThat(third).isNotDone();

      long start = System.nanoTime();
      Reviews.Raw fourth = Reviews.raw("application/json", review);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(fourth.status()).isEqualTo(503);
      assertThat(fourth.contentType()).startsWith("application/json");
      assertThat(error(fourth)).contains("manifest-guard.admission.max-waiting");

      assertThat(places.first.finish()).startsWith("HTTP/1.1 200");
      assertThat(third.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(waited("admitted")).isEqualTo(admittedBefore + 1);
      awaitWaiting(0);
      awaitInFlight(1);
      places.second.close();
      awaitInFlight(0);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(Reviews.raw("application/json", review).status()).isEqualTo(200);
    }
    awaitInFlight(0);
  }

  @Test
  @DisplayName(
      "a review that waits past max-wait gets a JSON 503; a waiting client that goes away leaves"
          + " the line without taking a place")
  void boundedWait() throws Exception {
    try (BothPlaces places = new BothPlaces()) {
      try (HeldReview gone = new HeldReview(review)) {
        awaitWaiting(1);
      }
      awaitWaiting(0);
      assertThat(limit.inFlight()).isEqualTo(2);

      double expiredBefore = waited("expired");
      long start = System.nanoTime();
      Reviews.Raw late = Reviews.raw("application/json", review);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(late.status()).isEqualTo(503);
      assertThat(error(late)).contains("manifest-guard.admission.max-wait");
      assertThat(took).isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(9));
      assertThat(waited("expired")).isEqualTo(expiredBefore + 1);
      awaitWaiting(0);
      assertThat(limit.inFlight()).isEqualTo(2);
    }
    awaitInFlight(0);
    assertThat(Reviews.raw("application/json", review).status()).isEqualTo(200);
  }

  @TestHTTPResource(value = "/validate", tls = true)
  URL https;

  /** The review's body: its first half at once, the rest once {@code release} is counted down. */
  private InputStream heldBody(CountDownLatch release) {
    int half = review.length / 2;
    return new InputStream() {
      private int sent;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        if (sent >= review.length) {
          return -1;
        }
        if (sent >= half) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
        int n = Math.min(length, (sent < half ? half : review.length) - sent);
        System.arraycopy(review, sent, into, offset, n);
        sent += n;
        return n;
      }
    };
  }

  private HttpRequest post(HttpRequest.BodyPublisher body) throws Exception {
    return HttpRequest.newBuilder(https.toURI())
        .header("Content-Type", "application/json")
        .POST(body)
        .build();
  }

  @Test
  @DisplayName(
      "over one HTTP/2 connection, as the apiserver sends, a waiting review's stream resumes once a"
          + " place comes free, while the streams holding the places still receive their bodies")
  void waitsOverHttp2() throws Exception {
    HttpClient client = Tls.client(HttpClient.Version.HTTP_2);
    HttpResponse<String> first = client.send(post(BodyPublishers.ofByteArray(review)), ofString());
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(first.statusCode()).isEqualTo(200);

    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      holding.add(
          client.sendAsync(
              post(BodyPublishers.ofInputStream(() -> heldBody(release))), ofString()));
    }
    awaitInFlight(2);
    CompletableFuture<HttpResponse<String>> waiting =
        client.sendAsync(post(BodyPublishers.ofByteArray(review)), ofString());
    awaitWaiting(1);
    assertThat(waiting).isNotDone();

    release.countDown();
    for (CompletableFuture<HttpResponse<String>> held : holding) {
      assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> resumed = waiting.get(10, TimeUnit.SECONDS);
    assertThat(resumed.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    awaitWaiting(0);
    awaitInFlight(0);
  }
}
