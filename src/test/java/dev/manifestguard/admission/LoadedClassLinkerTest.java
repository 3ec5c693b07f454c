package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class loaded by a custom class loader but never linked is left out of a JDK 17 dynamic CDS
 * archive; after {@link LoadedClassLinker#link} it is in. Each case runs a JVM of its own that
 * writes an archive ({@code -XX:ArchiveClassesAtExit}), as the image's training run does.
 */
class LoadedClassLinkerTest {
  private static final String SKIPPED =
      "Skipping dev/manifestguard/admission/LoadedClassLinkerTest$Loaded: Not linked";

  @TempDir Path tmp;

  @Test
  @DisplayName("without the linker, a loaded but unlinked class of a custom loader stays out")
  void unlinkedClassIsSkipped() throws Exception {
    String out = train("nolink", true);
    assertThat(out).contains(SKIPPED).doesNotContain("Loaded initialised");
  }

  @Test
  @DisplayName(
      "with the linker (java.lang opened), the class is linked, not initialised, and archived")
  void linkedClassIsArchived() throws Exception {
    String out = train("link", true);
    assertThat(out)
        .contains("linked=1 failed=0 unavailable=null")
        .doesNotContain(SKIPPED)
        .doesNotContain("Loaded initialised");
  }

  @Test
  @DisplayName("without java.lang opened, the linker says why and the archive is written as before")
  void withoutOpenedJavaLang() throws Exception {
    String out = train("link", false);
    assertThat(out).contains("linked=0 failed=0 unavailable=java.lang.").contains(SKIPPED);
  }

  /** Runs {@link Probe} in a JVM that writes a dynamic archive; its output and the CDS log. */
  private String train(String mode, boolean openJavaLang) throws Exception {
    Path classes = Path.of("target/classes/dev/manifestguard/admission");
    Path testClasses = Path.of("target/test-classes/dev/manifestguard/admission");
    // CDS wants jars only on the class path (a non-empty directory fails the dump).
    Path linkerJar =
        jar(
            tmp.resolve("linker.jar"),
            classes.resolve("LoadedClassLinker.class"),
            classes.resolve("LoadedClassLinker$Result.class"),
            testClasses.resolve("LoadedClassLinkerTest$Probe.class"));
    Path loadedJar =
        jar(tmp.resolve("loaded.jar"), testClasses.resolve("LoadedClassLinkerTest$Loaded.class"));
    Path archive = tmp.resolve(mode + openJavaLang + ".jsa");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:ArchiveClassesAtExit=" + archive);
    cmd.add("-Xlog:cds=warning");
    if (openJavaLang) {
      cmd.add("--add-opens");
      cmd.add("java.base/java.lang=ALL-UNNAMED");
    }
    cmd.addAll(
        List.of("-cp", linkerJar.toString(), Probe.class.getName(), loadedJar.toString(), mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).as("the probe ran").contains("probe loaded");
    assertThat(archive).as(out).isNotEmptyFile();
    return out;
  }

  private static Path jar(Path jar, Path... classFiles) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Path c : classFiles) {
        out.putNextEntry(new JarEntry("dev/manifestguard/admission/" + c.getFileName()));
        out.write(Files.readAllBytes(c));
        out.closeEntry();
      }
    }
    return jar;
  }

  /** The class a custom loader loads; its initialiser would print if anything initialised it. */
  static class Loaded {
    static {
      System.out.println("Loaded initialised");
    }

    int value() {
      return 1;
    }
  }

  /** Main of the JVM under test: loads {@link Loaded} from a jar with a loader of its own. */
  static class Probe {
    public static void main(String[] args) throws Exception {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {Path.of(args[0]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      // By name: a class literal would make this class's own loader look for it.
      Class<?> loaded =
          Class.forName("dev.manifestguard.admission.LoadedClassLinkerTest$Loaded", false, loader);
      System.out.println("probe loaded " + loaded.getName());
      if (args[1].equals("link")) {
        LoadedClassLinker.Result r = LoadedClassLinker.link(loader);
        System.out.println(
            "linked=" + r.linked() + " failed=" + r.failed() + " unavailable=" + r.unavailable());
      }
    }
  }
}
