package dev.manifestguard.rules.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the table of built-in shapes ({@link ShapeTable}) at build time, from the fabric8
 * Kubernetes model classes: their Jackson properties are the JSON fields of the API types, and
 * fabric8's {@code META-INF/services} lists name every kind. Done once in the build because at run
 * time the same introspection loaded hundreds of model classes: a quarter of a second of CPU in a
 * CLI run over many kinds, 40-55 ms of a single file's 0.3 s (the webhook does not check schemas).
 *
 * <pre>java -cp CLASSPATH dev.manifestguard.rules.schema.ShapeTableWriter OUTPUT_FILE</pre>
 */
public final class ShapeTableWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final StringBuilder out = new StringBuilder();
  private final Set<Class<?>> written = new LinkedHashSet<>();
  private final Deque<Class<?>> pending = new ArrayDeque<>();

  private ShapeTableWriter() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ShapeTableWriter OUTPUT_FILE");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, table());
  }

  /** The whole table, as {@link ShapeTable#parse} reads it. */
  static String table() throws IOException {
    ShapeTableWriter w = new ShapeTableWriter();
    w.out.append(
        "# Built-in shapes derived from the fabric8 Kubernetes model by ShapeTableWriter at build time.\n");
    Map<String, Set<String>> bySimpleName = listedClasses();
    for (Map.Entry<String, Set<String>> e : bySimpleName.entrySet()) {
      w.out.append("N\t").append(e.getKey()).append('\n');
      for (String name : e.getValue()) {
        w.kind(e.getKey(), name);
      }
    }
    w.need(ObjectMeta.class);
    while (!w.pending.isEmpty()) {
      w.struct(w.pending.removeFirst());
    }
    return w.out.toString();
  }

  /**
   * The model classes fabric8 registers for its deserializer, by simple name, in the order of its
   * service lists (the first class of an apiVersion and kind is the one its registry uses).
   */
  private static Map<String, Set<String>> listedClasses() throws IOException {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Enumeration<URL> urls =
        ShapeTableWriter.class
            .getClassLoader()
            .getResources("META-INF/services/" + KubernetesResource.class.getName());
    while (urls.hasMoreElements()) {
      try (InputStream in = urls.nextElement().openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String name = line.replaceAll("#.*", "").trim();
          if (!name.isEmpty()) {
            out.computeIfAbsent(
                    name.substring(name.lastIndexOf('.') + 1), k -> new LinkedHashSet<>())
                .add(name);
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no fabric8 model service lists on the class path");
    }
    return out;
  }

  /** A {@code K} line for a listed class that is the kind its simple name says. */
  private void kind(String simpleName, String className) {
    try {
      Class<?> c = Class.forName(className, false, ShapeTableWriter.class.getClassLoader());
      if (!HasMetadata.class.isAssignableFrom(c) || !simpleName.equals(HasMetadata.getKind(c))) {
        return;
      }
      String apiVersion = HasMetadata.getApiVersion(c);
      if (apiVersion == null || apiVersion.isEmpty()) {
        return;
      }
      String group = HasMetadata.getGroup(c);
      out.append("K\t")
          .append(group == null ? "" : group)
          .append('\t')
          .append(apiVersion)
          .append('\t')
          .append(simpleName)
          .append('\t')
          .append(className)
          .append('\n');
      need(c);
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      // listed but absent or unreadable: not a kind we know
    }
  }

  private void need(Class<?> c) {
    if (written.add(c)) {
      pending.addLast(c);
    }
  }

  /** A {@code T} line and one line per field, in the order Jackson lists the properties. */
  private void struct(Class<?> type) {
    out.append("T\t").append(type.getName()).append('\n');
    BeanDescription bean = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type));
    Set<String> seen = new LinkedHashSet<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (seen.add(p.getName())) {
        out.append('\t')
            .append(p.getName())
            .append('\t')
            .append(customDeserializer(p) ? "a" : shapeOf(p.getPrimaryType()))
            .append('\n');
      }
    }
  }

  /**
   * Embedded objects (ControllerRevision.data, opaque device parameters) are read by fabric8 as any
   * resource.
   */
  private static boolean customDeserializer(BeanPropertyDefinition p) {
    for (AnnotatedMember m : new AnnotatedMember[] {p.getField(), p.getSetter()}) {
      JsonDeserialize d = m == null ? null : m.getAnnotation(JsonDeserialize.class);
      if (d != null
          && (d.using() != JsonDeserializer.None.class
              || d.contentUsing() != JsonDeserializer.None.class)) {
        return true;
      }
    }
    return false;
  }

  /** The code of a shape ({@link ShapeTable#shape}); a struct is queued to be written. */
  private String shapeOf(JavaType t) {
    Class<?> c = t.getRawClass();
    if (c == byte[].class) {
      return "s"; // base64
    }
    if (t.isMapLikeType()) {
      return "{" + shapeOf(t.getContentType());
    }
    if (t.isCollectionLikeType() || t.isArrayType()) {
      return "[" + shapeOf(t.getContentType());
    }
    if (c == String.class
        || c.isEnum()
        || c == MicroTime.class
        || c == io.fabric8.kubernetes.api.model.Duration.class
        || Temporal.class.isAssignableFrom(c)) {
      return "s";
    }
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
      return "i";
    }
    if (c == Long.class || c == long.class) {
      return "l";
    }
    if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
      return "n";
    }
    if (c == Boolean.class || c == boolean.class) {
      return "b";
    }
    if (c == IntOrString.class) {
      return "x";
    }
    if (c == Quantity.class) {
      return "q";
    }
    if (!c.getName().startsWith("io.fabric8.kubernetes.api.model.")
        || c.isInterface()
        || Modifier.isAbstract(c.getModifiers())
        || AnyType.class.isAssignableFrom(c)
        || c == FieldsV1.class
        || c.getSimpleName().startsWith("JSONSchemaProps")
        || JsonNode.class.isAssignableFrom(c)
        || hasCustomDeserializer(c)) {
      return "a";
    }
    need(c);
    return "@" + c.getName();
  }

  private static boolean hasCustomDeserializer(Class<?> c) {
    JsonDeserialize d = c.getAnnotation(JsonDeserialize.class);
    return d != null && d.using() != JsonDeserializer.None.class;
  }
}
