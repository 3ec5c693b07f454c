import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Splits jars for src/build/jre.sh: prints "plain PATH" for a jar without a module descriptor (jdeps
 * analyses those) and "requires MODULE" for each JDK module a modular jar requires. jdeps itself
 * refuses modular jars whose own requirements are not among its inputs, as in a Quarkus app.
 * Run as a source file: java src/build/JarModules.java JAR...
 */
public final class JarModules {
  private JarModules() {}

  public static void main(String[] args) throws IOException {
    TreeSet<String> lines = new TreeSet<>();
    for (String path : args) {
      try (JarFile jar = new JarFile(new java.io.File(path), false, JarFile.OPEN_READ, Runtime.version())) {
        ZipEntry descriptor = jar.getJarEntry("module-info.class");
        if (descriptor == null) {
          lines.add("plain " + path);
          continue;
        }
        try (InputStream in = jar.getInputStream(descriptor)) {
          for (ModuleDescriptor.Requires r : ModuleDescriptor.read(in).requires()) {
            if (r.name().startsWith("java.") || r.name().startsWith("jdk.")) {
              lines.add("requires " + r.name());
            }
          }
        }
      }
    }
    lines.forEach(System.out::println);
  }
}
