package dev.manifestguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JDK reads the usual PEM keys exactly as BouncyCastle does, and leaves every other form to it.
 */
class JdkPemKeysTest {

  @Test
  @DisplayName(
      "PKCS#8 keys (EC, RSA, Ed25519) are read by the JDK and equal BouncyCastle's reading")
  void pkcs8() throws Exception {
    for (KeyPair pair : new KeyPair[] {ec(), rsa(), generate("Ed25519")}) {
      String pem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
      PrivateKey key = JdkPemKeys.read(ascii(pem));
      assertThat(key).as(pair.getPrivate().getAlgorithm()).isNotNull();
      assertThat(key.getEncoded()).isEqualTo(bouncyCastle(pem).getEncoded());
      assertSignsFor(key, pair.getPublic());
    }
  }

  @Test
  @DisplayName(
      "a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY, cert-manager's default) is read by the JDK")
  void pkcs1() throws Exception {
    KeyPair pair = rsa();
    byte[] pkcs1 =
        PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    String pem = pem("RSA PRIVATE KEY", pkcs1);
    PrivateKey key = JdkPemKeys.read(ascii(pem));
    assertThat(key).isNotNull();
    assertThat(key.getAlgorithm()).isEqualTo("RSA");
    assertThat(key.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    assertThat(key.getEncoded()).isEqualTo(bouncyCastle(pem).getEncoded());
  }

  @Test
  @DisplayName(
      "SEC1 EC keys (BEGIN EC PRIVATE KEY) with a named curve are read by the JDK, with or without the"
          + " public key and after an EC PARAMETERS block")
  void sec1() throws Exception {
    PublicKey certKey =
        CertificateFactory.getInstance("X.509")
            .generateCertificate(getClass().getResourceAsStream("/tls/sec1/tls.crt"))
            .getPublicKey();
    String withPublic = resource("/tls/sec1/tls.key");
    String noPublic = resource("/tls/sec1/tls-no-public.key");
    String afterParams =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + withPublic;
    for (String pem : new String[] {withPublic, noPublic, afterParams}) {
      PrivateKey key = JdkPemKeys.read(ascii(pem));
      assertThat(key).as(pem).isNotNull();
      assertThat(key.getAlgorithm()).isEqualTo("EC");
      assertThat(((java.security.interfaces.ECPrivateKey) key).getS())
          .isEqualTo(((java.security.interfaces.ECPrivateKey) bouncyCastle(withPublic)).getS());
      assertSignsFor(key, certKey);
    }
  }

  @Test
  @DisplayName(
      "encrypted keys, a SEC1 key without its curve, other blocks and damaged text are left to"
          + " BouncyCastle, which names the problem")
  void leftToBouncyCastle() throws Exception {
    byte[] sec1NoCurve =
        new org.bouncycastle.asn1.sec.ECPrivateKey(256, BigInteger.valueOf(123456789)).getEncoded();
    String rsaPem = pem("PRIVATE KEY", rsa().getPrivate().getEncoded());
    String[] others = {
      pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}),
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
          + "-----END RSA PRIVATE KEY-----\n",
      pem("EC PRIVATE KEY", sec1NoCurve),
      pem("CERTIFICATE", new byte[] {0x30, 0x00}) + rsaPem,
      rsaPem.substring(0, 80),
      rsaPem.replace(rsaPem.substring(40, 60), "AAAAAAAAAAAAAAAAAAAA"),
      "no PEM at all",
    };
    for (String pem : others) {
      assertThat(JdkPemKeys.read(ascii(pem))).as(pem).isNull();
    }
    byte[] cert = ascii(resource("/tls/sec1/tls.crt"));
    for (String pem : others) {
      assertThatThrownBy(() -> CertificatePair.parse("x", cert, ascii(pem)))
          .as(pem)
          .isInstanceOf(IOException.class);
    }
  }

  private static void assertSignsFor(PrivateKey key, PublicKey pub) throws Exception {
    String alg =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm();
        };
    Signature sign = Signature.getInstance(alg);
    sign.initSign(key);
    sign.update(new byte[] {1, 2, 3});
    byte[] sig = sign.sign();
    Signature verify = Signature.getInstance(alg);
    verify.initVerify(pub);
    verify.update(new byte[] {1, 2, 3});
    assertThat(verify.verify(sig)).as("signature of %s verifies", key.getAlgorithm()).isTrue();
  }

  private static PrivateKey bouncyCastle(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      return parsed instanceof PEMKeyPair pair
          ? converter.getPrivateKey(pair.getPrivateKeyInfo())
          : converter.getPrivateKey((PrivateKeyInfo) parsed);
    }
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    return gen.generateKeyPair();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    return gen.generateKeyPair();
  }

  private static KeyPair generate(String alg) throws Exception {
    return KeyPairGenerator.getInstance(alg).generateKeyPair();
  }

  private static String pem(String label, byte[] der) {
    return SelfSignedCertificate.pem(label, der);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String resource(String name) throws IOException {
    try (var in = JdkPemKeysTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
