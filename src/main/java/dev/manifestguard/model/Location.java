package dev.manifestguard.model;

/** A 1-based line and column in a source file. */
public record Location(int line, int column) {
  public static final Location NONE = new Location(0, 0);

  public boolean known() {
    return line > 0;
  }
}
