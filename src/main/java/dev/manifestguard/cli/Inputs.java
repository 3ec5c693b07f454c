package dev.manifestguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns the PATH arguments into named texts: files as given, a Helm chart or a kustomization
 * directory rendered (see {@link Renderer}), other directories expanded recursively to their {@code
 * *.yaml}, {@code *.yml} and {@code *.json} files in sorted order, {@code -} read from stdin. Names
 * stay as the user wrote them (a relative path stays relative) so that output points where the user
 * looks.
 */
final class Inputs {
  /** The name of standard input in every output format: what the user typed. */
  static final String STDIN = "-";

  /**
   * Far above any real bundle (the apiserver stores objects of at most 1.5 MiB), far below memory
   * trouble.
   */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  /** One input read as text. */
  record Text(String name, String content) {}

  private final InputStream stdin;
  private final Renderer renderer;
  private boolean stdinUsed;

  Inputs(InputStream stdin) {
    this(stdin, new Renderer(System.getenv(), Renderer.HelmOptions.NONE));
  }

  Inputs(InputStream stdin, Renderer renderer) {
    this.stdin = stdin;
    this.renderer = renderer;
  }

  /** Reads every path; the first unreadable one ends the run (exit 2). */
  List<Text> read(List<String> paths) throws CliException {
    List<Text> out = new ArrayList<>();
    read(paths, out::add);
    return out;
  }

  /**
   * Reads every path in order and hands each text to {@code sink} as soon as it is read, so that
   * the caller can parse it while the next one is read and need not hold every text at once; the
   * first unreadable one ends the run (exit 2).
   */
  void read(List<String> paths, Consumer<Text> sink) throws CliException {
    for (String p : paths) {
      if (p.equals(STDIN)) {
        if (stdinUsed) {
          throw new CliException("-: standard input can be read only once");
        }
        stdinUsed = true;
        sink.accept(new Text(STDIN, decode(STDIN, readStdin())));
        continue;
      }
      Path path = Path.of(p);
      if (Files.isDirectory(path) && Renderer.isChart(path)) {
        renderer.chart(p).forEach(sink);
      } else if (Files.isDirectory(path) && Renderer.kustomization(path) != null) {
        renderer.kustomize(p).forEach(sink);
      } else if (Files.isDirectory(path)) {
        for (String f : expand(p, path)) {
          sink.accept(new Text(f, readFile(f, Path.of(f))));
        }
      } else {
        sink.accept(new Text(p, readFile(p, path)));
      }
    }
  }

  /**
   * The manifest files under a directory, named by joining the directory as given with the relative
   * path.
   */
  private static List<String> expand(String given, Path dir) throws CliException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(f -> Files.isRegularFile(f) && isManifestName(f.getFileName().toString()))
          .map(f -> join(given, dir.relativize(f)))
          .sorted()
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new CliException(given + ": cannot list directory: " + describe(e));
    }
  }

  private static String join(String given, Path relative) {
    String rel = relative.toString().replace('\\', '/');
    if (given.equals(".") || given.equals("./")) {
      return rel;
    }
    return given.endsWith("/") ? given + rel : given + "/" + rel;
  }

  static boolean isManifestName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private static String readFile(String name, Path path) throws CliException {
    byte[] bytes;
    try {
      if (!Files.exists(path)) {
        throw new CliException(name + ": no such file or directory");
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new CliException(
            name + ": file too large (" + size + " bytes; the limit is " + MAX_BYTES + ")");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CliException(name + ": no such file or directory");
    } catch (AccessDeniedException e) {
      throw new CliException(name + ": permission denied");
    } catch (IOException e) {
      throw new CliException(name + ": cannot read: " + describe(e));
    }
    return decode(name, bytes);
  }

  private byte[] readStdin() throws CliException {
    try {
      byte[] bytes = stdin.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new CliException(
            "-: standard input too large (the limit is " + MAX_BYTES + " bytes)");
      }
      return bytes;
    } catch (IOException e) {
      throw new CliException("-: cannot read standard input: " + describe(e));
    }
  }

  /**
   * Strict UTF-8 (with or without BOM); NUL bytes or invalid sequences mean the file is not a
   * manifest at all.
   */
  private static String decode(String name, byte[] bytes) throws CliException {
    // The common case in one pass of the JDK's own decoder: without NUL (U+0000 comes only from a
    // NUL byte) or U+FFFD (also what malformed input becomes), the strict decoder below would
    // give the same text; with either, it decides.
    String fast = new String(bytes, StandardCharsets.UTF_8);
    if (fast.indexOf('\u0000') < 0 && fast.indexOf('\uFFFD') < 0) {
      return fast.startsWith("\uFEFF") ? fast.substring(1) : fast;
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new CliException(name + ": binary content (NUL bytes); not a YAML or JSON file");
      }
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new CliException(name + ": not UTF-8 text; not a YAML or JSON file");
    }
  }

  private static String describe(Exception e) {
    Throwable t =
        e instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
