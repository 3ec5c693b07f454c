package dev.manifestguard.model;

/**
 * Thrown by {@link Quantity#parse(String)} for a string that Kubernetes' {@code
 * resource.ParseQuantity} refuses. The message is a short reason ("unknown suffix \"MB\""); the
 * offending input is kept apart so that callers can word their own finding around it.
 */
public final class QuantityFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String input;

  public QuantityFormatException(String input, String reason) {
    super(reason);
    this.input = input;
  }

  /** The string that failed to parse (may be {@code null}). */
  public String input() {
    return input;
  }
}
