package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * The line and column of every value of one parsed document, kept compactly: values are numbered in
 * the order a reader meets them (each value, then its children in order: the order of the JSON tree
 * built from the document), and three int arrays hold, per number, the line, the column and the
 * number of the last value inside it.
 *
 * <p>A location is asked for by field path ({@link FieldPaths}), as a map from path to location
 * would answer: the first value in reading order whose path is that text ({@link #firstWins}), or
 * the last one. Only values whose path starts the asked path are visited; a subtree that cannot
 * hold it is skipped by its last number. A map from every path to its location held a string and
 * two objects per value, most of the CLI's memory on a large bundle.
 */
public final class SourceLocations {
  private int[] lines;
  private int[] columns;
  private int[] ends;
  private int size;
  private final boolean firstWins;

  /**
   * @param firstWins two values with the same path text (only keys with brackets or dots in them
   *     can do that): the first is the one located, else the last
   */
  public SourceLocations(boolean firstWins) {
    this.firstWins = firstWins;
    this.lines = new int[16];
    this.columns = new int[16];
    this.ends = new int[16];
  }

  /** Numbers the next value met (before its children) and records where it starts. */
  public int open(Location at) {
    return open(at.line(), at.column());
  }

  /** As {@link #open(Location)} with the line and column (both 0: not known). */
  public int open(int line, int column) {
    if (size == lines.length) {
      int n = size * 2;
      lines = Arrays.copyOf(lines, n);
      columns = Arrays.copyOf(columns, n);
      ends = Arrays.copyOf(ends, n);
    }
    lines[size] = line;
    columns[size] = column;
    ends[size] = size;
    return size++;
  }

  /** Marks the value {@code n} complete: every value numbered since is inside it. */
  public void close(int n) {
    ends[n] = size - 1;
  }

  /** Drops the spare room of the arrays once the document is read. */
  public void trim() {
    if (size < lines.length) {
      lines = Arrays.copyOf(lines, size);
      columns = Arrays.copyOf(columns, size);
      ends = Arrays.copyOf(ends, size);
    }
  }

  /** The number of values recorded. */
  public int size() {
    return size;
  }

  /** The location of value {@code n}. */
  public Location at(int n) {
    return lines[n] == 0 && columns[n] == 0 ? Location.NONE : new Location(lines[n], columns[n]);
  }

  /** The number of the {@code index}-th child (0-based) of the complete value {@code n}. */
  public int child(int n, int index) {
    int c = n + 1;
    for (int i = 0; i < index; i++) {
      c = ends[c] + 1;
    }
    return c;
  }

  /**
   * The location of the value at {@code target} inside {@code node} (numbered {@code n}, at path
   * {@code nodePath}), or null when no value there has that path.
   */
  public Location find(JsonNode node, int n, String nodePath, String target) {
    if (!target.startsWith(nodePath)) {
      return null;
    }
    int found = search(node, n, nodePath.length(), target);
    return found < 0 ? null : at(found);
  }

  /** The number of the value whose path is {@code target}, or -1. */
  private int search(JsonNode node, int n, int pathEnd, String target) {
    if (pathEnd == target.length()) {
      return n;
    }
    int found = -1;
    int c = n + 1;
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        int m = keyEnd(target, pathEnd, e.getKey());
        if (m >= 0) {
          int f = search(e.getValue(), c, m, target);
          if (f >= 0) {
            if (firstWins) {
              return f;
            }
            found = f;
          }
        }
        c = ends[c] + 1;
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        int m = indexEnd(target, pathEnd, i);
        if (m >= 0) {
          int f = search(node.get(i), c, m, target);
          if (f >= 0) {
            if (firstWins) {
              return f;
            }
            found = f;
          }
        }
        c = ends[c] + 1;
      }
    }
    return found;
  }

  /**
   * Where the path of the child {@code key} ends in {@code target} when {@code target} starts with
   * it (the parent's path being {@code target}'s first {@code pathEnd} characters), else -1: as
   * {@link FieldPaths#child} writes it.
   */
  private static int keyEnd(String target, int pathEnd, String key) {
    if (FieldPaths.plain(key)) {
      if (pathEnd == 0) {
        return target.startsWith(key) ? key.length() : -1;
      }
      return target.length() > pathEnd
              && target.charAt(pathEnd) == '.'
              && target.startsWith(key, pathEnd + 1)
          ? pathEnd + 1 + key.length()
          : -1;
    }
    int close = pathEnd + 1 + key.length();
    return target.length() > close
            && target.charAt(pathEnd) == '['
            && target.startsWith(key, pathEnd + 1)
            && target.charAt(close) == ']'
        ? close + 1
        : -1;
  }

  /** As {@link #keyEnd} for the array item {@code index} ({@link FieldPaths#index}). */
  private static int indexEnd(String target, int pathEnd, int index) {
    if (target.length() <= pathEnd + 2 || target.charAt(pathEnd) != '[') {
      return -1;
    }
    String digits = Integer.toString(index);
    int close = pathEnd + 1 + digits.length();
    return target.length() > close
            && target.startsWith(digits, pathEnd + 1)
            && target.charAt(close) == ']'
        ? close + 1
        : -1;
  }
}
