package dev.manifestguard.fuzz;

import java.util.Random;

/**
 * Seeded property runs with plain JUnit: each case gets its own {@link Random}, seeded from the
 * previous case's seed, so a failing case is reproduced alone by passing its seed back.
 *
 * <p>System properties (pass them to Maven with {@code -D...}; surefire hands them to the test
 * JVM):
 *
 * <ul>
 *   <li>{@code mg.fuzz.iterations}: cases per property. Without it each property runs its own
 *       default count, cut off after {@code mg.fuzz.seconds} (default 4) so that {@code ./mvnw
 *       verify} stays short.
 *   <li>{@code mg.fuzz.seconds}: wall-clock cap per property; with {@code mg.fuzz.iterations} set
 *       there is no cap unless this is given too.
 *   <li>{@code mg.fuzz.seed}: the first case's seed (a number, or {@code random}); by default a
 *       fixed seed per property, so builds are repeatable.
 * </ul>
 *
 * Long run: {@code ./mvnw -B -o test -Dtest='*FuzzTest' -Dmg.fuzz.iterations=1000000
 * -Dmg.fuzz.seed=random}. A failure names the case's seed; {@code -Dmg.fuzz.seed=<seed>
 * -Dmg.fuzz.iterations=1} replays exactly that case.
 */
public final class Fuzz {
  private Fuzz() {}

  /** One property over one random case; throw (an assertion or anything else) to fail. */
  @FunctionalInterface
  public interface Property {
    void check(Random random) throws Exception;
  }

  /** What a run did, for the log. */
  public record Run(String name, long firstSeed, int cases, long millis) {
    @Override
    public String toString() {
      return String.format("fuzz %s: %d cases in %d ms (seed %d)", name, cases, millis, firstSeed);
    }
  }

  public static Run run(String name, int defaultIterations, Property property) {
    String iterationsProperty = System.getProperty("mg.fuzz.iterations");
    long iterations =
        iterationsProperty == null ? defaultIterations : Long.parseLong(iterationsProperty.trim());
    String secondsProperty = System.getProperty("mg.fuzz.seconds");
    double seconds =
        secondsProperty != null
            ? Double.parseDouble(secondsProperty.trim())
            : iterationsProperty == null ? 4 : Double.POSITIVE_INFINITY;
    long first = firstSeed(name);
    long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
    long start = System.nanoTime();
    long seed = first;
    int cases = 0;
    for (long i = 0; i < iterations; i++) {
      if (i > 0 && System.nanoTime() > deadline) {
        break;
      }
      try {
        property.check(new Random(seed));
      } catch (Throwable t) {
        AssertionError e =
            new AssertionError(
                "property \""
                    + name
                    + "\" failed at case "
                    + i
                    + " (first seed "
                    + first
                    + "); replay this case alone with -Dmg.fuzz.seed="
                    + seed
                    + " -Dmg.fuzz.iterations=1: "
                    + t,
                t);
        System.err.println(e.getMessage());
        throw e;
      }
      cases++;
      seed = next(seed);
    }
    Run run = new Run(name, first, cases, (System.nanoTime() - start) / 1_000_000);
    System.out.println(run);
    return run;
  }

  private static long firstSeed(String name) {
    String p = System.getProperty("mg.fuzz.seed");
    if (p == null || p.isBlank()) {
      return name.hashCode() * 0x9E3779B97F4A7C15L;
    }
    if (p.trim().equalsIgnoreCase("random")) {
      return new Random().nextLong();
    }
    return Long.parseLong(p.trim());
  }

  /** SplitMix64: every case seed is a fixed function of the one before. */
  private static long next(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Picks one of {@code options}. */
  @SafeVarargs
  public static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }

  public static String digits(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }

  /** A small length, now and then a large one. */
  public static int length(Random r, int small, int large) {
    int roll = r.nextInt(100);
    return roll < 90
        ? r.nextInt(small + 1)
        : roll < 99 ? r.nextInt(small * 10 + 1) : r.nextInt(large + 1);
  }
}
