package dev.manifestguard.load;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Types plain (unquoted, untagged) YAML scalars as kubectl does: sigs.k8s.io/yaml reads YAML with
 * go-yaml v2, whose YAML 1.1 typing differs from SnakeYAML's in a few places that decide what a
 * manifest means. {@code y}/{@code n} are booleans; an integer is whatever Go's {@code
 * strconv.ParseInt(s, 0, 64)} reads once every {@code _} is removed ({@code 0o10} and {@code 0X10}
 * included), else a float if it has YAML's float shape and a finite value ({@code 1e400} stays a
 * string); sexagesimal numbers ({@code 1:30}) are strings.
 */
final class GoYamlResolver extends Resolver {
  private static final Set<String> BOOLS =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
          "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
  private static final Set<String> NULLS = Set.of("~", "null", "Null", "NULL");
  private static final Set<String> SPECIAL_FLOATS =
      Set.of(
          ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
          ".NaN", ".NAN");

  /** The longest scalar in {@link #BOOLS}, {@link #NULLS} and {@link #SPECIAL_FLOATS}. */
  private static final int LONGEST_WORD = 5;

  static {
    for (Set<String> words : List.of(BOOLS, NULLS, SPECIAL_FLOATS)) {
      for (String w : words) {
        if (w.length() > LONGEST_WORD) {
          throw new IllegalStateException("LONGEST_WORD is too short for " + w);
        }
      }
    }
  }

  /** What Go's ParseInt reads with base 0 (the underscores already removed). */
  private static final Pattern GO_INT =
      Pattern.compile("[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)");

  /** go-yaml v2's {@code yamlStyleFloat}. */
  private static final Pattern YAML_FLOAT =
      Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");

  /** What Go's ParseFloat reads of a scalar that starts with a dot. */
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+(?:[eE][-+]?[0-9]+)?");

  @Override
  public Tag resolve(NodeId kind, String value, boolean implicit) {
    if (kind != NodeId.scalar || !implicit) {
      return super.resolve(kind, value, implicit);
    }
    return plain(value);
  }

  static Tag plain(String in) {
    // Longer scalars (most text) skip the word sets: hashing a long text costs its length.
    if (in.length() > LONGEST_WORD) {
      return number(in);
    }
    if (in.isEmpty() || NULLS.contains(in)) {
      return Tag.NULL;
    }
    if (in.equals("<<")) {
      return Tag.MERGE;
    }
    if (BOOLS.contains(in)) {
      return Tag.BOOL;
    }
    if (SPECIAL_FLOATS.contains(in)) {
      return Tag.FLOAT;
    }
    return number(in);
  }

  /**
   * An integer, a float or a string: what is not a null, a boolean, a merge key or a word float.
   */
  private static Tag number(String in) {
    char c = in.charAt(0);
    if (c == '.') {
      return DOT_FLOAT.matcher(in).matches() && finite(in) ? Tag.FLOAT : Tag.STR;
    }
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+')) {
      return Tag.STR;
    }
    String plain = in.indexOf('_') < 0 ? in : in.replace("_", "");
    if (GO_INT.matcher(plain).matches()) {
      return Tag.INT;
    }
    if (YAML_FLOAT.matcher(plain).matches()) {
      return finite(plain) ? Tag.FLOAT : Tag.STR;
    }
    return Tag.STR;
  }

  /** Go's ParseFloat fails on a value beyond float64's range; go-yaml then keeps the string. */
  private static boolean finite(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
