package dev.manifestguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.tls.SelfSignedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served certificate replaced under HTTPS load, the ways a Secret volume changes: the kubelet's
 * atomic swap of the {@code ..data} directory symlink (cert-manager renewing), and plain
 * rename-over of each file in turn, with the TLS registry polling every second. No review may fail,
 * and new connections end up on the last certificate.
 */
class CertRotationIT {
  @TempDir Path tmp;

  /** A Secret volume: {@code tls.crt -> ..data/tls.crt}, {@code ..data -> ..<timestamp>}. */
  static final class SecretVolume {
    final Path dir;
    int version;

    SecretVolume(Path dir) throws IOException {
      this.dir = dir;
      Files.createDirectories(dir);
      swap("rotation-0");
      Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.crt"));
      Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
    }

    /**
     * Writes a new pair into a fresh timestamped directory and swaps {@code ..data} to it
     * atomically.
     */
    String swap(String cn) throws IOException {
      String name = "..2026_11_23_20_00_00." + (++version);
      Path next = dir.resolve(name);
      SelfSignedCertificate.PemFiles files =
          SelfSignedCertificate.write(next, cn, Duration.ofDays(1));
      Path tmpLink = dir.resolve("..data_tmp");
      Files.deleteIfExists(tmpLink);
      Files.createSymbolicLink(tmpLink, Path.of(name));
      Path data = dir.resolve("..data");
      Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
      Files.move(
          tmpLink, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (old != null) {
        // The kubelet removes the old version after the swap.
        Files.delete(old.resolve("tls.crt"));
        Files.delete(old.resolve("tls.key"));
        Files.delete(old);
      }
      return fingerprint(files.cert());
    }

    /**
     * Writes a new pair elsewhere and renames each file over the served path, one after the other.
     */
    String renameOver(String cn, boolean keyFirst) throws IOException {
      Path staging = Files.createTempDirectory(dir.getParent(), "staging");
      SelfSignedCertificate.PemFiles files =
          SelfSignedCertificate.write(staging, cn, Duration.ofDays(1));
      String fp = fingerprint(files.cert());
      List<Path> order =
          keyFirst ? List.of(files.key(), files.cert()) : List.of(files.cert(), files.key());
      for (Path f : order) {
        Files.move(
            f,
            dir.resolve(f.getFileName()),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      return fp;
    }
  }

  static String fingerprint(Path pem) throws IOException {
    String text = Files.readString(pem);
    String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
      return OneShot.sha256(cert);
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  @Test
  @DisplayName(
      "symlink swaps and rename-over of cert and key under HTTPS load: zero failed reviews, new cert served")
  void rotateUnderLoad() throws Exception {
    Mix mix = new Mix();
    SecretVolume volume = new SecretVolume(tmp.resolve("tls"));
    String first = fingerprint(volume.dir.resolve("tls.crt"));
    List<String> served = new ArrayList<>(List.of(first));
    try (WebhookJar jar =
        WebhookJar.start(
            tmp,
            Map.of(
                "MANIFEST_GUARD_TLS_CERT", volume.dir.resolve("tls.crt").toString(),
                "MANIFEST_GUARD_TLS_KEY", volume.dir.resolve("tls.key").toString(),
                "QUARKUS_TLS_RELOAD_PERIOD", "1s"))) {
      Stream stream = new Stream(mix, jar.httpsPort, true, 4, mix.items.get("rollout-200c"), 0);
      String last;
      List<Long> events = new ArrayList<>();
      try {
        GracefulShutdownIT.awaitAnswers(stream, 20);
        // About 10 s of rotations: five symlink swaps, then rename-over, key first and cert first,
        // in turn.
        for (int i = 1; i <= 5; i++) {
          served.add(volume.swap("rotation-" + i));
          events.add(System.nanoTime());
          Thread.sleep(1100);
        }
        for (int i = 6; i <= 9; i++) {
          served.add(volume.renameOver("rotation-" + i, i % 2 == 0));
          events.add(System.nanoTime());
          Thread.sleep(1100);
        }
        last = served.get(served.size() - 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!last.equals(handshake(jar.httpsPort))) {
          assertThat(System.nanoTime())
              .as("the last certificate served within 30 s")
              .isLessThan(deadline);
          Thread.sleep(200);
        }
        Thread.sleep(1000); // a little more load on the last certificate
      } finally {
        stream.stop();
      }
      List<Stream.Sent> sent = stream.sent();
      Set<String> seen =
          sent.stream()
              .map(s -> s.result().certSha256())
              .filter(f -> f != null)
              .collect(Collectors.toCollection(TreeSet::new));
      long failed = sent.stream().filter(s -> Mix.response(s.item(), s.result()) == null).count();
      System.out.printf(
          "certificate rotation: %d reviews, %d failed, %d of %d certificates seen%n",
          sent.size(), failed, seen.stream().filter(served::contains).count(), served.size());
      sent.stream()
          .filter(s -> Mix.response(s.item(), s.result()) == null)
          .limit(40)
          .forEach(
              s -> {
                int after = 0;
                while (after < events.size() && events.get(after) < s.startNanos()) {
                  after++;
                }
                System.out.printf(
                    "  %s, %d ms after rotation %d%n",
                    s,
                    after == 0 ? 0 : (s.startNanos() - events.get(after - 1)) / 1_000_000,
                    after);
              });
      if (failed > 0) {
        jar.logText()
            .lines()
            .filter(l -> !l.startsWith("\tat "))
            .limit(60)
            .forEach(l -> System.out.println("  | " + l));
      }
      assertThat(sent).as("reviews").hasSizeGreaterThan(50);
      assertThat(
              sent.stream()
                  .filter(s -> Mix.response(s.item(), s.result()) == null)
                  .map(Stream.Sent::toString))
          .as("failed reviews")
          .isEmpty();
      assertThat(sent)
          .allMatch(
              s ->
                  Mix.response(s.item(), s.result()).path("allowed").asBoolean()
                      == s.item().allowed());
      String log = jar.logText();
      assertThat(log).doesNotContain("Failed to initialize a channel").doesNotContain("Exception");
      assertThat(log.lines().filter(l -> l.contains("HTTPS certificate reloaded")))
          .as("reloads logged")
          .hasSizeGreaterThanOrEqualTo(5);
      assertThat(served).containsAll(seen);
      assertThat(seen).contains(first, last);
    }
  }

  static String handshake(int port) {
    try {
      OneShot.Result r = OneShot.exchange(port, true, "GET", "/q/health/live", null);
      return r.certSha256();
    } catch (IOException e) {
      return null;
    }
  }
}
