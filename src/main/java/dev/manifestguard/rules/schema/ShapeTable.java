package dev.manifestguard.rules.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shapes of the built-in kinds, read from the table {@link ShapeTableWriter} writes at build
 * time ({@value #RESOURCE} next to this class). One entry a line, tab-separated:
 *
 * <pre>
 * N  simpleName                          a class name fabric8 lists (for did-you-mean)
 * K  group  apiVersion  kind  className  a kind, by the model class that holds it
 * T  className                           a struct; its fields follow, one a line:
 *    field  shape                        (after a tab) s string, i int32, l int64, n number, b boolean,
 *                                        x int-or-string, q quantity, a anything,
 *                                        [shape a list, {shape a map, @className a struct
 * </pre>
 *
 * Fields are parsed when a struct is first met; the rest of the table stays lines.
 */
final class ShapeTable {
  static final String RESOURCE = "builtin-shapes.tsv";

  private final List<String> lines;
  private final Map<String, String> classOfKind = new HashMap<>();
  private final Map<String, List<Kind>> kindsByName = new HashMap<>();
  private final Set<String> names = new LinkedHashSet<>();

  /** The first line of each struct's fields, by class name. */
  private final Map<String, Integer> structAt = new HashMap<>();

  private final Map<String, Shape.Struct> structs = new ConcurrentHashMap<>();

  private ShapeTable(List<String> lines) {
    this.lines = lines;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("N\t")) {
        names.add(line.substring(2));
      } else if (line.startsWith("K\t")) {
        String[] k = line.split("\t", -1); // K, group, apiVersion, kind, class
        Kind entry = new Kind(k[1], k[2], k[3], k[4]);
        classOfKind.putIfAbsent(entry.apiVersion() + '\u0000' + entry.kind(), entry.className());
        kindsByName.computeIfAbsent(entry.kind(), n -> new ArrayList<>(2)).add(entry);
      } else if (line.startsWith("T\t")) {
        structAt.put(line.substring(2), i + 1);
      }
    }
  }

  /** The table built into the application. */
  static ShapeTable builtIn() {
    try (InputStream in = ShapeTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is missing from the class path: the build writes it (ShapeTableWriter, "
                + "process-classes phase); run ./mvnw package");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ShapeTable parse(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start && text.charAt(start) != '#') {
        lines.add(text.substring(start, end));
      }
      start = end + 1;
    }
    return new ShapeTable(lines);
  }

  /** The model class name of this apiVersion and kind, or null when fabric8 has none. */
  String classOf(String apiVersion, String kind) {
    return classOfKind.get(apiVersion + '\u0000' + kind);
  }

  /** A kind fabric8 has a model class for ({@code K} entry); the group is empty for core. */
  record Kind(String group, String apiVersion, String kind, String className) {}

  /** Every apiVersion fabric8 has this kind in, in the order of its service lists. */
  List<Kind> kinds(String kind) {
    return kindsByName.getOrDefault(kind, List.of());
  }

  Set<String> names() {
    return Collections.unmodifiableSet(names);
  }

  /** The struct of a model class, or null when the table does not have it. */
  Shape.Struct struct(String className) {
    Shape.Struct s = structs.get(className);
    if (s == null && structAt.containsKey(className)) {
      s = structs.computeIfAbsent(className, Shape.Struct::new);
    }
    return s;
  }

  /** The fields of a struct, in the order the table lists them, by name. */
  Map<String, Shape> fields(String className) {
    Integer at = structAt.get(className);
    if (at == null) {
      throw new IllegalArgumentException("no struct " + className + " in " + RESOURCE);
    }
    Map<String, Shape> out = new LinkedHashMap<>();
    for (int i = at; i < lines.size() && lines.get(i).startsWith("\t"); i++) {
      String line = lines.get(i);
      int tab = line.indexOf('\t', 1);
      out.put(line.substring(1, tab), shape(line.substring(tab + 1)));
    }
    return out;
  }

  Shape shape(String code) {
    return switch (code.charAt(0)) {
      case 's' -> Shape.Scalar.STRING;
      case 'i' -> Shape.Scalar.INT32;
      case 'l' -> Shape.Scalar.INT64;
      case 'n' -> Shape.Scalar.NUMBER;
      case 'b' -> Shape.Scalar.BOOLEAN;
      case 'x' -> Shape.Scalar.INT_OR_STRING;
      case 'q' -> Shape.Scalar.QUANTITY;
      case 'a' -> Shape.Scalar.ANY;
      case '[' -> new Shape.ListOf(shape(code.substring(1)));
      case '{' -> new Shape.MapOf(shape(code.substring(1)));
      case '@' -> {
        Shape.Struct s = struct(code.substring(1));
        if (s == null) {
          throw new IllegalStateException("no struct " + code.substring(1) + " in " + RESOURCE);
        }
        yield s;
      }
      default -> throw new IllegalStateException("unknown shape " + code + " in " + RESOURCE);
    };
  }
}
