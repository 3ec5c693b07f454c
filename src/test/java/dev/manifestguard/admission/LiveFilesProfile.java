package dev.manifestguard.admission;

import dev.manifestguard.tls.SelfSignedCertificate;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A policy file laid out like a mounted ConfigMap ({@code policy.yaml -> ..data/policy.yaml},
 * {@code ..data -> ..<version>}) and given PEM files, both polled fast so reload tests stay short.
 */
public class LiveFilesProfile implements QuarkusTestProfile {
  static final Path DIR;
  static final Path POLICY_MOUNT;
  static final Path CERT;
  static final Path KEY;
  static final String INITIAL_POLICY =
      """
      rules:
        resource-quantity-negative: warn
      exclude:
        namespaces: [kube-system]
        users: ["system:serviceaccount:ci:*"]
      """;
  private static int version;

  static {
    try {
      DIR = Files.createTempDirectory("manifest-guard-live");
      Runtime.getRuntime().addShutdownHook(new Thread(LiveFilesProfile::removeDir));
      POLICY_MOUNT = DIR.resolve("policy");
      Files.createDirectories(POLICY_MOUNT);
      Files.createSymbolicLink(POLICY_MOUNT.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
      swapPolicy(INITIAL_POLICY);
      Path tls = DIR.resolve("tls");
      SelfSignedCertificate.PemFiles first =
          SelfSignedCertificate.write(tls, "first-cert", Duration.ofDays(1));
      CERT = first.cert();
      KEY = first.key();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replaces the policy the way the kubelet updates a ConfigMap volume: new directory, atomic
   * symlink swap.
   */
  static synchronized void swapPolicy(String text) throws IOException {
    String dirName = "..v" + (++version);
    Path versionDir = POLICY_MOUNT.resolve(dirName);
    Files.createDirectories(versionDir);
    Files.writeString(versionDir.resolve("policy.yaml"), text);
    Path tmp = POLICY_MOUNT.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(dirName));
    Files.move(
        tmp,
        POLICY_MOUNT.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes the directory when the test JVM exits (links are removed, not followed). */
  private static void removeDir() {
    try (Stream<Path> paths = Files.walk(DIR)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not remove " + DIR + ": " + e);
    }
  }

  /** Writes a new certificate and key over the served files (as a Secret update would). */
  static void replaceCertificate(String commonName) throws IOException {
    Path staging = Files.createTempDirectory(DIR, "tls-next");
    SelfSignedCertificate.PemFiles next =
        SelfSignedCertificate.write(staging, commonName, Duration.ofDays(1));
    Files.move(
        next.key(), KEY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        next.cert(), CERT, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "manifest-guard.policy.path", POLICY_MOUNT.resolve("policy.yaml").toString(),
        "manifest-guard.policy.poll-interval", "0.1s",
        "manifest-guard.tls.cert", CERT.toString(),
        "manifest-guard.tls.key", KEY.toString(),
        "quarkus.tls.reload-period", "1s");
  }
}
