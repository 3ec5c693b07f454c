package dev.manifestguard.model;

import java.math.BigDecimal;
import java.util.Optional;

/** Placeholder until the exact Kubernetes grammar lands (branch quantity). */
public final class Quantity implements Comparable<Quantity> {
  private final BigDecimal value;

  private Quantity(BigDecimal value) {
    this.value = value;
  }

  public static Quantity parse(String s) {
    return new Quantity(new BigDecimal(s));
  }

  public static Optional<Quantity> tryParse(String s) {
    try {
      return Optional.of(parse(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public BigDecimal value() {
    return value;
  }

  @Override
  public int compareTo(Quantity o) {
    return value.compareTo(o.value);
  }
}
