package dev.manifestguard.admission;

import dev.manifestguard.webhook.Warmup;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Before the webhook reports ready, a few synthetic AdmissionReviews (classpath {@code warmup/}: a
 * Deployment, its UPDATE, a denied privileged Pod, an Argo Rollout, a PVC, a RoleBinding) go
 * through the same parsing, engine and answer as real ones ({@link AdmissionHandler#rehearse}), so
 * that the classes of every rule are loaded and the hot paths compiled before the apiserver's first
 * review. A just-started replica otherwise answered its first reviews far slower than a warm one,
 * on a loaded node slower than the webhook's 5 s timeout.
 *
 * <p>Then, once the webhook is ready, TLS handshakes with its own HTTPS port warm the server's TLS
 * path: with the JDK's TLS the first handshake of a JVM costs about a second of one CPU, nearly all
 * interpreted; with BoringSSL (the default) only the Java around it is cold, and both handshakes,
 * their JDK client side included, took 0.37 s (issue #16, phase 12).
 *
 * <p>No side effects: no metrics, no log lines, no cluster state. Bounded by rounds and by time; a
 * failure only ends the warm-up (it never keeps the webhook from becoming ready).
 */
@ApplicationScoped
public class AdmissionWarmup {
  private static final Logger LOG = Logger.getLogger(AdmissionWarmup.class);

  static final List<String> REVIEWS =
      List.of(
          "deployment-5c",
          "deployment-update",
          "pod-privileged",
          "rollout-negative-memory",
          "pvc",
          "rolebinding");

  /** The TLS handshakes start at the latest this long after the engine rounds. */
  static final Duration TLS_AFTER = Duration.ofSeconds(2);

  private final AdmissionHandler handler;
  private final Warmup warmup;
  private final int rounds;
  private final Duration maxTime;
  private final boolean exit;

  public AdmissionWarmup(
      AdmissionHandler handler,
      Warmup warmup,
      @ConfigProperty(name = "manifest-guard.warmup.rounds", defaultValue = "10") int rounds,
      @ConfigProperty(name = "manifest-guard.warmup.max-time", defaultValue = "2s")
          Duration maxTime,
      @ConfigProperty(name = "manifest-guard.warmup.exit", defaultValue = "false") boolean exit) {
    this.handler = handler;
    this.warmup = warmup;
    this.rounds = rounds;
    this.maxTime = maxTime;
    this.exit = exit;
  }

  /**
   * After the other start-up observers (the cluster caches start syncing first, in parallel). The
   * engine rounds run here, before readiness. The TLS handshakes run on a thread of their own after
   * the first readiness probe answered "up" (or {@link #TLS_AFTER} without one): a ready pod gets
   * its first review only once its endpoint has reached the Service's routing (the EndpointSlice,
   * then kube-proxy's rules, typically a second or more), and the handshakes take about a second of
   * one CPU. Readiness no longer waits for them, and on one CPU they no longer delay the ready
   * answer itself, whose server side shares the event loops with the handshakes (issue #16's
   * start-up target).
   */
  void onStart(@Observes @Priority(5000) StartupEvent event) {
    int port = rounds > 0 ? httpsPort() : 0;
    try {
      run();
    } finally {
      if (!exit || port <= 0) {
        done();
      }
    }
    if (port > 0) {
      Thread t =
          new Thread(
              () -> {
                try {
                  if (!exit) {
                    warmup.awaitReportedReady(TLS_AFTER);
                  }
                  handshakes(port);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  if (exit) {
                    done();
                  }
                }
              },
              "manifest-guard-warmup");
      t.setDaemon(true);
      t.start();
    }
  }

  /**
   * Ready; or, for the training run that makes the image's AppCDS archive ({@code
   * manifest-guard.warmup.exit=true}, src/build/cds-train.sh), a normal exit, which writes the
   * archive of every class the warm-up loaded.
   */
  private void done() {
    warmup.finished();
    if (exit) {
      LOG.info("Warm-up done: exiting (manifest-guard.warmup.exit)");
      Quarkus.asyncExit(0);
    }
  }

  /** The HTTPS port from the configuration; 0 (a random port, as in tests) when not known. */
  private static int httpsPort() {
    String key =
        LaunchMode.current() == LaunchMode.TEST
            ? "quarkus.http.test-ssl-port"
            : "quarkus.http.ssl-port";
    return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8443);
  }

  /**
   * TLS handshakes with our own HTTPS port on the loopback address. The client trusts any
   * certificate: it talks only to this process, sends nothing secret and only reads the answer of
   * the liveness probe.
   */
  void handshakes(int port) {
    long start = System.nanoTime();
    long deadline = start + maxTime.toNanos();
    try {
      while (!accepts(port)) {
        if (System.nanoTime() > deadline) {
          LOG.warnf("Warm-up: port %d did not open within %s", port, maxTime);
          return;
        }
        Thread.sleep(20);
      }
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {new TrustAnyServer()}, null);
      for (String protocol : List.of("http/1.1", "h2")) {
        try (SSLSocket socket =
            (SSLSocket)
                tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
          socket.setSoTimeout((int) Math.max(1000, maxTime.toMillis()));
          SSLParameters params = socket.getSSLParameters();
          params.setApplicationProtocols(new String[] {protocol});
          socket.setSSLParameters(params);
          socket.startHandshake();
          if (protocol.equals("http/1.1")) {
            socket
                .getOutputStream()
                .write(
                    "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.getInputStream().readAllBytes();
          }
        }
      }
      LOG.infof(
          "Warm-up: TLS handshakes with port %d in %d ms",
          port, (System.nanoTime() - start) / 1_000_000);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warnf("Warm-up: no TLS handshake with port %d (%s)", port, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static final class TrustAnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** The reviews answered, and the same count in the log. */
  int run() {
    long start = System.nanoTime();
    int answered = 0;
    try {
      if (rounds > 0) {
        List<byte[]> bodies = load();
        long deadline = start + maxTime.toNanos();
        for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
          for (byte[] body : bodies) {
            handler.write(handler.rehearse(body).body());
            answered++;
          }
        }
      }
      LOG.infof(
          "Warm-up: %d synthetic reviews in %d ms before reporting ready",
          answered, (System.nanoTime() - start) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.warnf(e, "Warm-up stopped after %d synthetic reviews", answered);
    }
    return answered;
  }

  private static List<byte[]> load() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String name : REVIEWS) {
      try (InputStream in =
          AdmissionWarmup.class.getClassLoader().getResourceAsStream("warmup/" + name + ".json")) {
        if (in == null) {
          throw new UncheckedIOException(new IOException("warmup/" + name + ".json is missing"));
        }
        out.add(in.readAllBytes());
      }
    }
    return out;
  }
}
