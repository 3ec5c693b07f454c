package dev.manifestguard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key read from PEM (the key as PKCS#8, PKCS#1 RSA or SEC1 EC,
 * as cert-manager and kubectl write them: these by the JDK, see {@link JdkPemKeys}; other forms by
 * BouncyCastle), checked to belong together before anything serves them.
 */
record CertificatePair(String alias, X509Certificate[] chain, PrivateKey key, String contentHash) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The TLS key types this pair can serve ("EC", "RSA", ...), as the JDK asks for them. */
  Set<String> keyTypes() {
    String alg = key.getAlgorithm();
    return "EC".equals(alg) || "ECDSA".equals(alg)
        ? Set.of("EC", "EC_EC", "EC_RSA")
        : "RSA".equals(alg) ? Set.of("RSA", "RSASSA-PSS", "RSA_EC") : Set.of(alg);
  }

  String fingerprint() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
    } catch (GeneralSecurityException e) {
      return "?";
    }
  }

  /** A hash of both files' bytes, to tell a change from a poll that saw the same files. */
  static String hash(byte[] cert, byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(cert);
      d.update((byte) 0);
      d.update(key);
      return HexFormat.of().formatHex(d.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses both PEM texts and checks that the key signs what the certificate's public key verifies.
   *
   * @throws IOException with the reason when a file is incomplete, unparseable, or the two do not
   *     match
   */
  static CertificatePair parse(String alias, byte[] certPem, byte[] keyPem) throws IOException {
    X509Certificate[] chain;
    try {
      chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(certPem))
              .stream()
              .map(X509Certificate.class::cast)
              .toArray(X509Certificate[]::new);
    } catch (GeneralSecurityException e) {
      throw new IOException("the certificate file is not a PEM certificate: " + e.getMessage(), e);
    }
    if (chain.length == 0) {
      throw new IOException("the certificate file holds no certificate");
    }
    PrivateKey key = parseKey(keyPem);
    if (!matches(key, chain[0].getPublicKey())) {
      throw new IOException(
          "the private key does not belong to the certificate ("
              + chain[0].getSubjectX500Principal()
              + ")");
    }
    return new CertificatePair(alias, chain, key, hash(certPem, keyPem));
  }

  private static PrivateKey parseKey(byte[] pem) throws IOException {
    PrivateKey usual = JdkPemKeys.read(pem);
    if (usual != null) {
      return usual;
    }
    Object parsed;
    try (PEMParser parser =
        new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      parsed = parser.readObject();
    } catch (RuntimeException e) {
      throw new IOException("the key file is not a PEM private key: " + e.getMessage(), e);
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (parsed instanceof PEMKeyPair pair) {
      // Only the private part: a SEC1 EC key may leave out its public key (RFC 5915), and the
      // certificate's public key is what the pair is checked against anyway.
      return converter.getPrivateKey(pair.getPrivateKeyInfo());
    }
    if (parsed instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    throw new IOException(
        "the key file holds no unencrypted private key"
            + (parsed == null ? "" : " (found " + parsed.getClass().getSimpleName() + ")"));
  }

  private static boolean matches(PrivateKey key, PublicKey pub) throws IOException {
    String alg =
        switch (key.getAlgorithm()) {
          case "EC", "ECDSA" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default -> null;
        };
    if (alg == null) {
      throw new IOException("unsupported key type " + key.getAlgorithm());
    }
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      Signature sign = Signature.getInstance(alg);
      sign.initSign(key);
      sign.update(challenge);
      byte[] sig = sign.sign();
      Signature verify = Signature.getInstance(alg);
      verify.initVerify(pub);
      verify.update(challenge);
      return verify.verify(sig);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an RSA key against an EC certificate
    }
  }

  @Override
  public String toString() {
    return alias
        + " "
        + chain[0].getSubjectX500Principal()
        + " serial "
        + chain[0].getSerialNumber().toString(16);
  }
}
