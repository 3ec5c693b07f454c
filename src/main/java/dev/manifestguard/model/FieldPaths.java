package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Builds field paths in the form Kubernetes uses in its own errors: {@code
 * spec.containers[0].resources.limits.memory}. Map keys that are not plain identifiers ({@code
 * nvidia.com/gpu}) are written in brackets: {@code resources.limits[nvidia.com/gpu]}.
 */
public final class FieldPaths {
  private FieldPaths() {}

  public static String child(String parent, String key) {
    if (!plain(key)) {
      return parent + "[" + key + "]";
    }
    return parent == null || parent.isEmpty() ? key : parent + "." + key;
  }

  /** Whether a key is written after a dot rather than in brackets. */
  public static boolean plain(String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }
    return plain;
  }

  public static String index(String parent, int i) {
    return (parent == null ? "" : parent) + "[" + i + "]";
  }

  /** The path with its last segment removed, or null at the root. */
  public static String parent(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    int depth = 0;
    for (int i = path.length() - 1; i >= 0; i--) {
      char c = path.charAt(i);
      if (c == ']') {
        depth++;
      } else if (c == '[') {
        depth--;
        if (depth == 0) {
          return path.substring(0, i);
        }
      } else if (c == '.' && depth == 0) {
        return path.substring(0, i);
      }
    }
    return "";
  }

  /**
   * {@code parent} followed by plain field names written with dots: {@code child(child(parent,
   * "a"), "b")}.
   */
  public static String descend(String parent, String dottedFields) {
    String out = parent;
    for (String f : dottedFields.split("\\.")) {
      out = child(out, f);
    }
    return out;
  }

  /** The node at a path as built here ({@code a.b[0][x.y]}), or a missing node. */
  public static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    int i = 0;
    while (i < path.length() && !n.isMissingNode()) {
      char ch = path.charAt(i);
      if (ch == '.') {
        i++;
      } else if (ch == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          return MissingNode.getInstance();
        }
        String key = path.substring(i + 1, end);
        boolean index =
            !key.isEmpty() && key.length() < 10 && key.chars().allMatch(Character::isDigit);
        n = n.isArray() && index ? n.path(Integer.parseInt(key)) : n.path(key);
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        n = n.path(path.substring(i, end));
        i = end;
      }
    }
    return n;
  }
}
