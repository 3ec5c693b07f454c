package dev.manifestguard.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** The policy file as read at one poll: its stamp, the hash of its content and the content. */
record PolicyFile(Stamp stamp, byte[] sha256, String text) {

  static final PolicyFile MISSING = new PolicyFile(Stamp.MISSING, new byte[0], null);

  /**
   * Cheap identity of the file. The real path is part of it because a Kubernetes ConfigMap volume
   * swaps a {@code ..data} symlink: the file behind the mount path changes, possibly with an older
   * modification time.
   *
   * @param realPath the path after following symlinks, or null when the file does not exist
   */
  record Stamp(Path realPath, long modifiedMillis, long size) {
    static final Stamp MISSING = new Stamp(null, 0, 0);

    static Stamp of(Path path) throws IOException {
      try {
        Path real = path.toRealPath();
        return new Stamp(real, Files.getLastModifiedTime(real).toMillis(), Files.size(real));
      } catch (NoSuchFileException e) {
        return MISSING;
      }
    }

    boolean exists() {
      return realPath != null;
    }
  }

  boolean exists() {
    return stamp.exists();
  }

  boolean sameContent(PolicyFile other) {
    return exists() == other.exists() && Arrays.equals(sha256, other.sha256);
  }

  static PolicyFile read(Path path) throws IOException {
    Stamp stamp = Stamp.of(path);
    if (!stamp.exists()) {
      return MISSING;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(stamp.realPath());
    } catch (NoSuchFileException e) {
      return MISSING; // swapped away between the stamp and the read; the next poll sees the new
      // file
    }
    return new PolicyFile(stamp, sha256(bytes), new String(bytes, StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
