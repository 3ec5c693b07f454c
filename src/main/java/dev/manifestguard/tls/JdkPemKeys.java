package dev.manifestguard.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the usual unencrypted PEM private keys with the JDK alone: PKCS#8, PKCS#1 RSA
 * (cert-manager's default) and SEC1 EC with a named curve (the chart's and openssl's), the last two
 * wrapped into the PKCS#8 form the JDK's {@link KeyFactory} takes.
 *
 * <p>Why not BouncyCastle for these too: its jars are signed, so loading its PEM classes verifies
 * the jar's signature and digests every class read, and a CDS archive never holds classes of a
 * signed jar. On the pod's one CPU, reading the key with the JDK took 0.28 s off the start to ready
 * (issue #16, src/bench/README.md phase 13). Anything else (encrypted keys, explicit curve
 * parameters, a block this does not know) returns {@code null} and {@link CertificatePair} hands it
 * to BouncyCastle, which reads it or names what it found.
 */
final class JdkPemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final byte[] RSA_OID = hex("06092a864886f70d010101");
  private static final byte[] EC_OID = hex("06072a8648ce3d0201");

  /** The key algorithms by their OID element (tag, length, value) in hex. */
  private static final Map<String, String> ALGORITHMS =
      Map.of(
          HexFormat.of().formatHex(RSA_OID),
          "RSA",
          "06092a864886f70d01010a",
          "RSASSA-PSS",
          HexFormat.of().formatHex(EC_OID),
          "EC",
          "06032b6570",
          "Ed25519",
          "06032b6571",
          "Ed448");

  private static final byte[] NULL = hex("0500");

  private JdkPemKeys() {}

  /** The key in {@code pem}, or {@code null} when it takes more than the JDK to read it. */
  static PrivateKey read(byte[] pem) {
    try {
      Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
      while (m.find()) {
        String label = m.group(1);
        if (label.equals("EC PARAMETERS")) {
          continue; // openssl ecparam -genkey writes the curve first; the key block names it again
        }
        if (m.group(2).indexOf(':') >= 0) {
          return null; // headers: a legacy encrypted key (Proc-Type, DEK-Info)
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
        byte[] pkcs8 =
            switch (label) {
              case "PRIVATE KEY" -> der;
              case "RSA PRIVATE KEY" -> privateKeyInfo(concat(RSA_OID, NULL), der);
              case "EC PRIVATE KEY" -> sec1(der);
              default -> null;
            };
        return pkcs8 == null
            ? null
            : keyFactory(pkcs8).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return null; // not for the JDK after all: BouncyCastle reads it or explains why not
    }
  }

  /** SEC1's ECPrivateKey as PKCS#8, with the named curve from its own parameters ([0]). */
  private static byte[] sec1(byte[] der) {
    Der in = new Der(der);
    in.enter(0x30);
    in.skip(0x02); // version
    in.skip(0x04); // the private value
    if (!in.at(0xa0)) {
      return null; // no parameters: the curve is unknown here
    }
    in.enter(0xa0);
    byte[] curve =
        in.element(0x06); // a named curve; explicit parameters (a SEQUENCE) go to BouncyCastle
    return privateKeyInfo(concat(EC_OID, curve), der);
  }

  private static KeyFactory keyFactory(byte[] pkcs8) throws GeneralSecurityException {
    Der in = new Der(pkcs8);
    in.enter(0x30);
    in.skip(0x02); // version
    in.enter(0x30); // AlgorithmIdentifier
    String alg = ALGORITHMS.get(HexFormat.of().formatHex(in.element(0x06)));
    if (alg == null) {
      throw new GeneralSecurityException("unknown key algorithm");
    }
    return KeyFactory.getInstance(alg);
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING key }. */
  private static byte[] privateKeyInfo(byte[] algorithmContent, byte[] key) {
    return tlv(0x30, concat(hex("020100"), tlv(0x30, algorithmContent), tlv(0x04, key)));
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /**
   * Just enough DER to walk a key's outer structure: a cursor over one buffer whose limit narrows
   * to the content of each constructed element entered. Malformed input throws an unchecked
   * exception.
   */
  private static final class Der {
    private final byte[] buf;
    private int pos;
    private int end;

    Der(byte[] buf) {
      this.buf = buf;
      this.end = buf.length;
    }

    boolean at(int tag) {
      return pos < end && (buf[pos] & 0xff) == tag;
    }

    /** Moves into the content of the element with {@code tag} at the cursor. */
    void enter(int tag) {
      int length = header(tag);
      end = pos + length;
    }

    void skip(int tag) {
      int length = header(tag); // not pos += header(tag): that would add to the pos read before
      pos += length;
    }

    /** The whole element (tag, length and content) with {@code tag} at the cursor. */
    byte[] element(int tag) {
      int start = pos;
      int length = header(tag);
      pos += length;
      return Arrays.copyOfRange(buf, start, pos);
    }

    private int header(int tag) {
      if (!at(tag)) {
        throw new IllegalArgumentException("expected DER tag " + tag + " at " + pos);
      }
      pos++;
      int first = buf[pos++] & 0xff;
      int length = first;
      if (first >= 0x80) {
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3) {
          throw new IllegalArgumentException("unsupported DER length at " + pos);
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (buf[pos++] & 0xff);
        }
      }
      if (length > end - pos) {
        throw new IllegalArgumentException("DER element longer than its container at " + pos);
      }
      return length;
    }
  }
}
