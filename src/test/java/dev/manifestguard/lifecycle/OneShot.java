package dev.manifestguard.lifecycle;

import dev.manifestguard.admission.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange on a fresh connection ({@code Connection: close}), read to the end of the
 * stream, so a test can tell apart a connection that was refused, one that was dropped before any
 * answer, a partial answer and a complete one. Over TLS it records the certificate the server
 * presented.
 */
final class OneShot {
  private OneShot() {}

  /** How an exchange ended. */
  enum Outcome {
    /** A whole response (status line, headers, the body its headers announce). */
    COMPLETE,
    /** The TCP connection was refused: nobody listening. */
    REFUSED,
    /** Connected, but the connection ended before a single byte of response arrived. */
    DROPPED,
    /** Some of a response, then the connection ended or failed. */
    PARTIAL,
    /** The TLS handshake failed. */
    HANDSHAKE_FAILED
  }

  record Result(Outcome outcome, int status, byte[] body, String certSha256, String error) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    boolean ok() {
      return outcome == Outcome.COMPLETE && status == 200;
    }

    @Override
    public String toString() {
      return outcome
          + (outcome == Outcome.COMPLETE ? " " + status : "")
          + (error == null ? "" : " (" + error + ")");
    }
  }

  private static final SSLSocketFactory TRUST_ALL = trustAll();

  static Result get(int port, String path) throws IOException {
    Result r = exchange(port, false, "GET", path, null);
    if (r.outcome() != Outcome.COMPLETE) {
      throw new IOException("GET " + path + ": " + r);
    }
    return r;
  }

  static Result post(int port, boolean tls, String path, byte[] json) {
    try {
      return exchange(port, tls, "POST", path, json);
    } catch (IOException e) {
      return new Result(Outcome.DROPPED, 0, new byte[0], null, e.toString());
    }
  }

  static Result exchange(int port, boolean tls, String method, String path, byte[] body)
      throws IOException {
    Socket plain = new Socket();
    try {
      try {
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      } catch (ConnectException e) {
        return new Result(Outcome.REFUSED, 0, new byte[0], null, e.getMessage());
      }
      plain.setSoTimeout(30_000);
      Socket s = plain;
      String fingerprint = null;
      if (tls) {
        SSLSocket ssl = (SSLSocket) TRUST_ALL.createSocket(plain, "localhost", port, true);
        try {
          ssl.startHandshake();
        } catch (IOException e) {
          return new Result(Outcome.HANDSHAKE_FAILED, 0, new byte[0], null, e.toString());
        }
        fingerprint = sha256((X509Certificate) ssl.getSession().getPeerCertificates()[0]);
        s = ssl;
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        OutputStream out = s.getOutputStream();
        StringBuilder head =
            new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: localhost:")
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
          head.append("Content-Type: application/json\r\nContent-Length: ")
              .append(body.length)
              .append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        // The request could not be sent whole: fine as long as nothing was answered (checked
        // below).
        return readRest(s, got, fingerprint, e);
      }
      return readRest(s, got, fingerprint, null);
    } finally {
      plain.close();
    }
  }

  private static Result readRest(
      Socket s, ByteArrayOutputStream got, String fingerprint, IOException writeError) {
    IOException error = writeError;
    try {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
      }
    } catch (IOException e) {
      error = error == null ? e : error;
    }
    byte[] raw = got.toByteArray();
    if (raw.length == 0) {
      return new Result(
          Outcome.DROPPED, 0, raw, fingerprint, error == null ? "EOF" : error.toString());
    }
    Result parsed = parse(raw, fingerprint);
    if (parsed == null) {
      return new Result(
          Outcome.PARTIAL,
          0,
          raw,
          fingerprint,
          (error == null ? "EOF" : error.toString()) + " after " + raw.length + " bytes");
    }
    return parsed;
  }

  /** A whole response, or null when it is cut short. */
  private static Result parse(byte[] raw, String fingerprint) {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0 || !all.startsWith("HTTP/1.1 ")) {
      return null;
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    int start = end + 4;
    if (chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int pos = start;
      while (true) {
        int eol = all.indexOf("\r\n", pos);
        if (eol < 0) {
          return null;
        }
        int size = Integer.parseInt(all.substring(pos, eol).split(";")[0].trim(), 16);
        if (size == 0) {
          return new Result(Outcome.COMPLETE, status, body.toByteArray(), fingerprint, null);
        }
        if (eol + 2 + size > raw.length) {
          return null;
        }
        body.write(raw, eol + 2, size);
        pos = eol + 2 + size + 2;
      }
    }
    if (length < 0 || raw.length - start < length) {
      return length < 0
          ? new Result(
              Outcome.COMPLETE,
              status,
              java.util.Arrays.copyOfRange(raw, start, raw.length),
              fingerprint,
              null)
          : null;
    }
    return new Result(
        Outcome.COMPLETE,
        status,
        java.util.Arrays.copyOfRange(raw, start, start + (int) length),
        fingerprint,
        null);
  }

  static String sha256(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLSocketFactory trustAll() {
    try {
      return Tls.trustAll().getSocketFactory();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
