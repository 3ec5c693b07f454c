package dev.manifestguard.model;

/**
 * Builds field paths in the form Kubernetes uses in its own errors: {@code spec.containers[0].resources.limits.memory}.
 * Map keys that are not plain identifiers ({@code nvidia.com/gpu}) are written in brackets:
 * {@code resources.limits[nvidia.com/gpu]}.
 */
public final class FieldPaths {
  private FieldPaths() {}

  public static String child(String parent, String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }
    if (!plain) {
      return parent + "[" + key + "]";
    }
    return parent == null || parent.isEmpty() ? key : parent + "." + key;
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
}
