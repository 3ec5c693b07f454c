package dev.manifestguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS key material is swapped only for a pair whose key belongs to its certificate. */
class CertificateReloaderTest {
  @TempDir Path tmp;

  static String cn(CertificatePair p) {
    return p.chain()[0].getSubjectX500Principal().getName();
  }

  @Test
  @DisplayName(
      "a rotation caught halfway (new cert, old key) keeps the current pair; the finished one is applied")
  void halfwayRotation() throws Exception {
    SelfSignedCertificate.PemFiles served =
        SelfSignedCertificate.write(tmp.resolve("tls"), "first", Duration.ofDays(1));
    CertificateReloader reloader =
        new CertificateReloader(
            served.cert().toString(), served.key().toString(), Optional.empty());
    HttpServerOptions options = new HttpServerOptions();
    reloader.customizeHttpsServer(options);
    assertThat(options.getKeyCertOptions()).isNotNull();
    assertThat(cn(reloader.current())).isEqualTo("CN=first");
    String firstAlias = reloader.current().alias();

    SelfSignedCertificate.PemFiles next =
        SelfSignedCertificate.write(tmp.resolve("next"), "second", Duration.ofDays(1));
    Files.move(
        next.cert(),
        served.cert(),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    reloader.poll();
    reloader.poll();
    assertThat(cn(reloader.current()))
        .as("new cert with the old key: not applied")
        .isEqualTo("CN=first");

    Files.move(
        next.key(),
        served.key(),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    reloader.poll();
    assertThat(cn(reloader.current())).isEqualTo("CN=second");
    assertThat(reloader.current().alias()).isNotEqualTo(firstAlias);

    Files.writeString(served.key(), "-----BEGIN PRIVATE KEY-----\nMIIB");
    reloader.poll();
    assertThat(cn(reloader.current())).as("a truncated key: not applied").isEqualTo("CN=second");
  }

  @Test
  @DisplayName(
      "the previous pair stays reachable by its alias for a handshake that chose it before a swap")
  void aliasesDuringSwap() throws Exception {
    SelfSignedCertificate.PemFiles a =
        SelfSignedCertificate.write(tmp.resolve("a"), "a", Duration.ofDays(1));
    SelfSignedCertificate.PemFiles b =
        SelfSignedCertificate.write(tmp.resolve("b"), "b", Duration.ofDays(1));
    CertificatePair pa =
        CertificatePair.parse("p-1", Files.readAllBytes(a.cert()), Files.readAllBytes(a.key()));
    CertificatePair pb =
        CertificatePair.parse("p-2", Files.readAllBytes(b.cert()), Files.readAllBytes(b.key()));
    ReloadingKeyManager km = new ReloadingKeyManager(pa);
    String chosen = km.chooseEngineServerAlias("EC", null, null);
    km.swap(pb);
    assertThat(km.getCertificateChain(chosen)[0]).isEqualTo(pa.chain()[0]);
    assertThat(km.getPrivateKey(chosen)).isEqualTo(pa.key());
    assertThat(km.chooseEngineServerAlias("EC", null, null)).isEqualTo("p-2");
    assertThat(km.chooseEngineServerAlias("RSA", null, null)).as("no RSA pair").isNull();
  }

  @Test
  @DisplayName(
      "RSA keys in PKCS#1 (cert-manager's default encoding) are read; a key of another pair is refused")
  void keyFormats() throws Exception {
    SelfSignedCertificate.PemFiles ec =
        SelfSignedCertificate.write(tmp.resolve("ec"), "ec", Duration.ofDays(1));
    SelfSignedCertificate.PemFiles other =
        SelfSignedCertificate.write(tmp.resolve("o"), "o", Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                CertificatePair.parse(
                    "x", Files.readAllBytes(ec.cert()), Files.readAllBytes(other.key())))
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(
            () ->
                CertificatePair.parse(
                    "x", "nope".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(ec.key())))
        .isInstanceOf(IOException.class);

    // A PKCS#1 RSA key (BEGIN RSA PRIVATE KEY) against an EC certificate: parsed, then refused as
    // not matching.
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) gen.generateKeyPair().getPrivate();
    byte[] pkcs1 =
        PrivateKeyInfo.getInstance(rsa.getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1)
            + "\n-----END RSA PRIVATE KEY-----\n";
    assertThatThrownBy(
            () ->
                CertificatePair.parse(
                    "x", Files.readAllBytes(ec.cert()), pem.getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("does not belong to the certificate");
  }

  @Test
  @DisplayName(
      "an EC key in SEC1 form (BEGIN EC PRIVATE KEY, as the chart's self-signed mode writes it) is read,"
          + " also without its optional public key")
  void sec1EcKey() throws Exception {
    // A throwaway pair made with openssl for this test only (ecparam -genkey; ec -no_public).
    byte[] cert = resource("tls/sec1/tls.crt");
    for (String key : List.of("tls/sec1/tls.key", "tls/sec1/tls-no-public.key")) {
      CertificatePair pair = CertificatePair.parse("sec1", cert, resource(key));
      assertThat(pair.keyTypes()).as(key).contains("EC");
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = CertificateReloaderTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
