package dev.manifestguard.admission;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A fresh TLS handshake that trusts anything and reports what the server presented. */
public final class Tls {
  private Tls() {}

  record Handshake(X509Certificate certificate, String protocol) {
    String commonName() {
      return certificate.getSubjectX500Principal().getName();
    }
  }

  /** An HTTP client over TLS that accepts any server certificate, speaking {@code version}. */
  static HttpClient client(HttpClient.Version version) throws Exception {
    return HttpClient.newBuilder().sslContext(trustAll()).version(version).build();
  }

  /** A TLS context that accepts any server certificate: the tests' servers sign their own. */
  public static SSLContext trustAll() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        new SecureRandom());
    return ctx;
  }

  static Handshake handshake(int port, String... protocols) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) trustAll().getSocketFactory().createSocket("localhost", port)) {
      if (protocols.length > 0) {
        socket.setEnabledProtocols(protocols);
      }
      socket.setSoTimeout(30_000);
      socket.startHandshake();
      return new Handshake(
          (X509Certificate) socket.getSession().getPeerCertificates()[0],
          socket.getSession().getProtocol());
    }
  }
}
