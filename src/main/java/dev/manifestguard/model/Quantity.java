package dev.manifestguard.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 500m}, {@code 1.5Gi}, {@code 1e3}), parsed with exactly
 * the grammar and value rules of {@code k8s.io/apimachinery/pkg/api/resource.ParseQuantity}.
 *
 * <p>Why our own class: fabric8's {@code Quantity} is more lenient than the apiserver (it accepts
 * {@code 1m5}), and a webhook that must predict the apiserver's verdict cannot be. The truth table
 * is {@code ../shared/conformance/quantity-cases.json}.
 *
 * <p>Grammar, as Kubernetes' scanner actually applies it (which is looser than its documented BNF):
 *
 * <pre>
 *   [+-]? [0-9]* ( '.' [0-9]* )?  suffix
 *   suffix = ""|n|u|m|k|M|G|T|P|E | Ki|Mi|Gi|Ti|Pi|Ei | (e|E) [+-]? [0-9]+   (exponent must fit int64)
 * </pre>
 *
 * No whitespace anywhere; the empty string is invalid. Kubernetes accepts a number with no digits
 * at all ({@code "."}, {@code "-"}, {@code "m"}, {@code "Ki"} are all zero) except when it needs
 * its arbitrary-precision fallback, which refuses them ({@code "Pi"}, {@code "e-10"}); see {@link
 * #digitlessAccepted}.
 *
 * <p>Two values are kept: {@link #value()} is the exact number written, and {@link
 * #kubernetesValue()} is what the apiserver stores (magnitude rounded up to a multiple of 1n,
 * BinarySI capped at 2^63-1). {@link #canonical()} is derived from the latter, like Kubernetes'
 * {@code CanonicalizeBytes}.
 *
 * <p>Deliberate divergence: Kubernetes does exponent arithmetic in 32 bits. A decimal exponent is
 * truncated to 32 bits exactly as Kubernetes does ({@code 1e4294967296} is 1), but a scale that
 * would then overflow 32 bits (an exponent within a few digits of ±2^31) is refused here, where
 * Kubernetes wraps around or tries to build a number with billions of digits.
 *
 * <p>Cost: linear in the input, except for the significant digits, which {@link BigInteger} parses
 * and prints in roughly quadratic time (Kubernetes' big-number path is no better): about 50 ms for
 * 10,000 significant digits, half a second for 100,000, half a minute for a 1 MiB value. So, a
 * second deliberate divergence: a string longer than {@link #MAX_LENGTH} characters is refused,
 * where Kubernetes would grind through it. Real quantities are a few characters long.
 */
public final class Quantity implements Comparable<Quantity> {

  /** The three ways Kubernetes remembers a quantity was written (its {@code resource.Format}). */
  public enum Format {
    BINARY_SI,
    DECIMAL_SI,
    DECIMAL_EXPONENT
  }

  /**
   * The longest string {@link #parse} reads (a hostile value must not pin a core; 1,024 digits cost
   * well under a millisecond).
   */
  public static final int MAX_LENGTH = 1024;

  /** Characters Kubernetes' scanner lets into a suffix before an optional signed integer. */
  private static final String SUFFIX_CHARS = "eEinumkKMGTP";

  private static final Map<String, Integer> DECIMAL_SUFFIXES =
      Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY_SUFFIXES =
      Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);

  /** Index = power of 1024; index 0 is no suffix. */
  private static final String[] BINARY_BY_POWER = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  /** Index = (power of ten + 9) / 3, for the powers that have a DecimalSI suffix. */
  private static final String[] DECIMAL_BY_POWER = {
    "n", "u", "m", "", "k", "M", "G", "T", "P", "E"
  };

  private static final Pattern LETTERS = Pattern.compile("[A-Za-z]+");

  private static final BigDecimal NANO = BigDecimal.valueOf(1, 9);
  private static final BigDecimal MAX_INT64 = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal BINARY_CUTOFF = BigDecimal.valueOf(1024);
  private static final BigInteger BIG_1024 = BigInteger.valueOf(1024);

  private final String original;
  private final String number;
  private final String suffix;
  private final Format format;
  private final BigDecimal value;
  private final BigDecimal kubernetesValue;
  private final String canonical;
  // value() without trailing zeros, as mantissa * 10^exponent: a key for equals/hashCode that never
  // overflows BigDecimal's int scale (stripTrailingZeros can, for exponents near 2^31)
  private final BigInteger normMantissa;
  private final long normExponent;

  private Quantity(
      String original,
      String number,
      String suffix,
      Format format,
      BigDecimal value,
      BigDecimal kubernetesValue) {
    this.original = original;
    this.number = number;
    this.suffix = suffix;
    this.format = format;
    this.value = value;
    this.kubernetesValue = kubernetesValue;
    this.canonical = canonicalize(kubernetesValue, format);
    Scaled norm = stripTens(value.unscaledValue(), -(long) value.scale());
    this.normMantissa = norm.mantissa;
    this.normExponent = norm.exponent;
  }

  /**
   * The fast path's constructor: every derived field already computed, identical to the general
   * one's.
   */
  private Quantity(
      String original,
      int suffixStart,
      Format format,
      BigDecimal value,
      String canonical,
      long normMantissa,
      long normExponent) {
    this.original = original;
    this.number = original.substring(0, suffixStart);
    this.suffix = original.substring(suffixStart);
    this.format = format;
    this.value = value;
    this.kubernetesValue = value;
    this.canonical = canonical;
    this.normMantissa = BigInteger.valueOf(normMantissa);
    this.normExponent = normExponent;
  }

  /**
   * Parses {@code s} exactly as Kubernetes' {@code resource.ParseQuantity} does.
   *
   * @throws QuantityFormatException for anything Kubernetes refuses (including {@code null})
   */
  public static Quantity parse(String s) {
    if (s == null) {
      throw new QuantityFormatException(null, "no quantity");
    }
    Quantity fast = parseSmall(s);
    return fast != null ? fast : parseGeneral(s);
  }

  /**
   * Most digits the fast path takes: times 100 (the canonical form's alignment to 10^3) stays
   * within a long.
   */
  private static final int SMALL_DIGITS = 15;

  /**
   * The common shapes ({@code 500m}, {@code 128Mi}, {@code 0.5}, {@code 2}, {@code -1Gi}) in long
   * arithmetic: an optional sign, at most {@link #SMALL_DIGITS} digits with an optional fraction
   * (none for a binary suffix), and a DecimalSI or BinarySI suffix; a value that needs no rounding
   * to 1n and no capping. Everything else, including every error, goes to {@link #parseGeneral}.
   * Produces the same fields as it (QuantityTest and QuantityFastPathTest compare them); returns
   * null when it does not apply.
   */
  static Quantity parseSmall(String s) {
    int end = s.length();
    int pos = 0;
    boolean negative = false;
    if (end > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      pos++;
    }
    long digits = 0;
    int count = 0;
    int fraction = 0;
    int trailingZeros = 0;
    boolean dot = false;
    for (; pos < end; pos++) {
      char c = s.charAt(pos);
      if (c >= '0' && c <= '9') {
        if (++count > SMALL_DIGITS) {
          return null;
        }
        digits = digits * 10 + (c - '0');
        trailingZeros = c == '0' ? trailingZeros + 1 : 0;
        if (dot) {
          fraction++;
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (count == 0) {
      return null; // digitless forms have their own rules
    }
    int suffixStart = pos;
    int exponent;
    boolean binary;
    switch (end - suffixStart) {
      case 0 -> {
        exponent = 0;
        binary = false;
      }
      case 1 -> {
        exponent =
            switch (s.charAt(suffixStart)) {
              case 'n' -> -9;
              case 'u' -> -6;
              case 'm' -> -3;
              case 'k' -> 3;
              case 'M' -> 6;
              case 'G' -> 9;
              case 'T' -> 12;
              case 'P' -> 15;
              case 'E' -> 18;
              default -> Integer.MIN_VALUE;
            };
        binary = false;
      }
      case 2 -> {
        if (s.charAt(suffixStart + 1) != 'i') {
          return null;
        }
        exponent =
            switch (s.charAt(suffixStart)) {
              case 'K' -> 10;
              case 'M' -> 20;
              case 'G' -> 30;
              case 'T' -> 40;
              case 'P' -> 50;
              case 'E' -> 60;
              default -> Integer.MIN_VALUE;
            };
        binary = true;
      }
      default -> {
        return null;
      }
    }
    if (exponent == Integer.MIN_VALUE) {
      return null;
    }
    // digits without its trailing zeros, as the general path hands them to BigInteger
    long stripped = digits;
    for (int i = 0; i < trailingZeros; i++) {
      stripped /= 10;
    }
    if (binary) {
      if (fraction > 0 || (stripped != 0 && Long.numberOfLeadingZeros(stripped) <= exponent)) {
        return null; // fractions of a binary unit and values near 2^63: general path
      }
      long unscaled = negative ? -(stripped << exponent) : stripped << exponent;
      int scale = -trailingZeros;
      BigDecimal value = BigDecimal.valueOf(unscaled, scale);
      long whole =
          digits << exponent; // the integer value: scale <= 0, so trailing zeros multiply it back
      if (trailingZeros > 0 && (Long.numberOfLeadingZeros(digits) <= exponent)) {
        return null;
      }
      if (negative) {
        whole = -whole;
      }
      long normM = unscaled;
      long normE = scale == 0 ? 0 : -(long) scale;
      while (normM != 0 && normM % 10 == 0) {
        normM /= 10;
        normE++;
      }
      if (normM == 0) {
        normE = 0;
      }
      String canonical;
      Format format = Format.BINARY_SI;
      if (whole == 0) {
        canonical = "0";
      } else if (Math.abs(whole) < 1024) {
        canonical = decimalForm(normM, normE, Format.DECIMAL_SI);
      } else {
        long mantissa = whole;
        int power = 0;
        while (mantissa % 1024 == 0) {
          mantissa /= 1024;
          power++;
        }
        canonical = mantissa + (power < BINARY_BY_POWER.length ? BINARY_BY_POWER[power] : "");
      }
      return new Quantity(s, suffixStart, format, value, canonical, normM, normE);
    }
    long scale = (long) fraction - trailingZeros - exponent;
    if (scale > 9) {
      return null; // below 1n: rounded up by the general path
    }
    long unscaled = negative ? -stripped : stripped;
    BigDecimal value = BigDecimal.valueOf(unscaled, (int) scale);
    long normE = unscaled == 0 ? 0 : -scale;
    String canonical = unscaled == 0 ? "0" : decimalForm(unscaled, normE, Format.DECIMAL_SI);
    return new Quantity(s, suffixStart, Format.DECIMAL_SI, value, canonical, unscaled, normE);
  }

  /**
   * {@link #decimalForm(BigDecimal, Format)} for a mantissa without trailing zeros that fits a
   * long.
   */
  private static String decimalForm(long mantissa, long exponent, Format format) {
    while (exponent % 3 != 0) {
      mantissa *= 10;
      exponent--;
    }
    return mantissa + decimalSuffix(exponent, format);
  }

  /** The general parser: BigInteger digits, any length, every error. */
  static Quantity parseGeneral(String s) {
    if (s == null) {
      throw new QuantityFormatException(null, "no quantity");
    }
    if (s.isEmpty()) {
      throw new QuantityFormatException(s, "empty quantity");
    }
    if (s.length() > MAX_LENGTH) {
      throw new QuantityFormatException(
          s, "longer than " + MAX_LENGTH + " characters; write a short quantity such as 512Mi");
    }
    int end = s.length();
    int pos = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      pos++;
    }
    int intStart = pos;
    pos = skipDigits(s, pos);
    String intDigits = s.substring(intStart, pos);
    String fracDigits = "";
    if (pos < end && s.charAt(pos) == '.') {
      int fracStart = ++pos;
      pos = skipDigits(s, pos);
      fracDigits = s.substring(fracStart, pos);
    }
    int suffixStart = pos;
    // The scanner's suffix shape: any run of suffix letters, one optional sign, then digits, then
    // the end. Whether the run means anything is decided afterwards, from the whole suffix.
    while (pos < end && SUFFIX_CHARS.indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    if (pos < end && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
      pos++;
    }
    pos = skipDigits(s, pos);
    if (pos < end) {
      throw new QuantityFormatException(s, describeUnexpected(s, suffixStart, pos));
    }
    String number = s.substring(0, suffixStart);
    String suffix = s.substring(suffixStart);

    Format format;
    int exponent; // a power of 2 for BinarySI, of 10 otherwise
    if (DECIMAL_SUFFIXES.containsKey(suffix)) {
      format = Format.DECIMAL_SI;
      exponent = DECIMAL_SUFFIXES.get(suffix);
    } else if (BINARY_SUFFIXES.containsKey(suffix)) {
      format = Format.BINARY_SI;
      exponent = BINARY_SUFFIXES.get(suffix);
    } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      format = Format.DECIMAL_EXPONENT;
      exponent = parseExponent(s, suffix.substring(1));
    } else {
      throw new QuantityFormatException(s, "unknown suffix \"" + suffix + "\"");
    }

    boolean hasDigits = !intDigits.isEmpty() || !fracDigits.isEmpty();
    if (!hasDigits && !digitlessAccepted(format, exponent)) {
      throw new QuantityFormatException(s, "no digits before suffix \"" + suffix + "\"");
    }
    // Trailing zeros move into the scale before BigInteger sees the digits: its parsing is
    // quadratic, and "1" followed by a million zeros must not stall the webhook.
    String digits = intDigits + fracDigits;
    int significant = digits.length();
    while (significant > 0 && digits.charAt(significant - 1) == '0') {
      significant--;
    }
    int dropped = digits.length() - significant;
    BigInteger unscaled =
        significant == 0 ? BigInteger.ZERO : new BigInteger(digits.substring(0, significant));
    if (negative) {
      unscaled = unscaled.negate();
    }

    BigDecimal value;
    if (format == Format.BINARY_SI) {
      value = new BigDecimal(unscaled.shiftLeft(exponent), fracDigits.length() - dropped);
    } else {
      long scale = (long) fracDigits.length() - dropped - exponent;
      if (scale != (int) scale) {
        throw new QuantityFormatException(s, "exponent out of range");
      }
      value = new BigDecimal(unscaled, (int) scale);
    }

    BigDecimal stored = roundUpToNano(value.abs());
    if (format == Format.BINARY_SI && stored.compareTo(MAX_INT64) > 0) {
      stored = MAX_INT64; // Kubernetes caps only BinarySI; DecimalSI 12E stays exact
    }
    if (format == Format.BINARY_SI && stored.signum() > 0 && stored.compareTo(BigDecimal.ONE) < 0) {
      format = Format.DECIMAL_SI; // Kubernetes re-labels tiny binary values rather than round them
    }
    if (negative) {
      stored = stored.negate();
    }
    return new Quantity(s, number, suffix, format, value, stored);
  }

  /** {@link #parse(String)} without the exception. */
  public static Optional<Quantity> tryParse(String s) {
    try {
      return Optional.of(parse(s));
    } catch (QuantityFormatException e) {
      return Optional.empty();
    }
  }

  private static int skipDigits(String s, int pos) {
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++; // ASCII only: Character.isDigit would let in digits Kubernetes refuses
    }
    return pos;
  }

  private static String describeUnexpected(String s, int suffixStart, int pos) {
    char c = s.charAt(pos);
    if (Character.isWhitespace(c)) {
      return "whitespace at position " + pos;
    }
    String rest = s.substring(suffixStart);
    if (LETTERS.matcher(rest).matches()) {
      return "unknown suffix \"" + rest + "\""; // "MB" reads better than "unexpected 'B'"
    }
    return "unexpected character '" + c + "' at position " + pos;
  }

  private static int parseExponent(String s, String digits) {
    try {
      // Kubernetes parses the exponent as int64 and then keeps its low 32 bits; so do we
      return (int) Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new QuantityFormatException(s, "invalid exponent \"" + digits + "\"");
    }
  }

  /**
   * Whether Kubernetes accepts a number with no digits ({@code "."}, {@code "-"}, {@code "Ki"}). It
   * does when it takes its int64 shortcut, which treats the empty number as 0, but not when it
   * falls back to arbitrary precision, whose decimal parser demands a digit. With no digits, the
   * fallback is taken for a decimal scale below 1n and for a binary suffix whose precision estimate
   * ({@code 15 - 1 - exponent*3/10 - 1}) is negative, i.e. Pi and Ei.
   */
  private static boolean digitlessAccepted(Format format, int exponent) {
    if (format == Format.BINARY_SI) {
      return 15 - 1 - exponent * 3 / 10 - 1 >= 0;
    }
    return exponent >= -9;
  }

  /** Rounds a non-negative value up to a whole number of nano units, as Kubernetes stores it. */
  private static BigDecimal roundUpToNano(BigDecimal abs) {
    if (abs.signum() == 0 || abs.scale() <= 9) {
      return abs;
    }
    // below 1n everything becomes 1n; checking first avoids dividing by a huge power of ten
    if ((long) abs.precision() - abs.scale() <= -9) {
      return NANO;
    }
    return abs.setScale(9, RoundingMode.UP);
  }

  /** Kubernetes' {@code CanonicalizeBytes} applied to the stored value and format. */
  private static String canonicalize(BigDecimal stored, Format format) {
    if (stored.signum() == 0) {
      return "0";
    }
    if (format == Format.BINARY_SI) {
      if (stored.abs().compareTo(BINARY_CUTOFF) < 0) {
        return decimalForm(stored, Format.DECIMAL_SI);
      }
      BigDecimal whole = stored.setScale(0, RoundingMode.UP);
      if (whole.compareTo(stored) != 0) {
        return decimalForm(stored, Format.DECIMAL_SI); // a fraction: don't lose precision
      }
      BigInteger mantissa = whole.toBigIntegerExact();
      int power = 0;
      while (mantissa.mod(BIG_1024).signum() == 0) {
        mantissa = mantissa.divide(BIG_1024);
        power++;
      }
      // the cap at 2^63-1 keeps power <= 6; Kubernetes would print no suffix beyond Ei
      return mantissa + (power < BINARY_BY_POWER.length ? BINARY_BY_POWER[power] : "");
    }
    return decimalForm(stored, format);
  }

  /** Mantissa without fractional digits and with the largest exponent that is a multiple of 3. */
  private static String decimalForm(BigDecimal stored, Format format) {
    Scaled s = stripTens(stored.unscaledValue(), -(long) stored.scale());
    BigInteger mantissa = s.mantissa;
    long exponent = s.exponent;
    while (exponent % 3 != 0) {
      mantissa = mantissa.multiply(BigInteger.TEN);
      exponent--;
    }
    return mantissa + decimalSuffix(exponent, format);
  }

  /** The suffix for a power of ten that is a multiple of 3, in the decimal or exponent format. */
  private static String decimalSuffix(long exponent, Format format) {
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? "" : "e" + exponent;
    }
    if (exponent >= -9 && exponent <= 18) {
      return DECIMAL_BY_POWER[(int) (exponent + 9) / 3];
    }
    // Kubernetes has no DecimalSI suffix for 10^21 and up and prints the bare mantissa
    // ("1000E" canonicalizes to "1"); matching it is the point of this class
    return "";
  }

  private static Scaled stripTens(BigInteger mantissa, long exponent) {
    if (mantissa.signum() == 0) {
      return new Scaled(BigInteger.ZERO, 0);
    }
    // count zeros on the decimal string: dividing by ten once per zero (as Kubernetes does) is
    // quadratic, and "1" followed by a hundred thousand zeros must not stall the webhook
    String digits = mantissa.toString();
    int zeros = 0;
    while (digits.charAt(digits.length() - 1 - zeros) == '0') {
      zeros++;
    }
    if (zeros > 0) {
      mantissa = new BigInteger(digits.substring(0, digits.length() - zeros));
    }
    return new Scaled(mantissa, exponent + zeros);
  }

  private static final class Scaled {
    final BigInteger mantissa;
    final long exponent;

    Scaled(BigInteger mantissa, long exponent) {
      this.mantissa = mantissa;
      this.exponent = exponent;
    }
  }

  /**
   * The exact number written ({@code 1Ki} is 1024, {@code 100m} is 0.1, {@code 9Ei} is 9*2^60). The
   * scale may be extreme ({@code 1e999999999}): compare it, but don't expand it with {@code
   * toPlainString()} or {@code toBigInteger()}.
   */
  public BigDecimal value() {
    return value;
  }

  /**
   * The value the apiserver stores: the magnitude rounded up to a multiple of 1n (so any non-zero
   * amount is at least 1n) and, for BinarySI, capped at 2^63-1. Use it to predict Kubernetes' own
   * comparisons (two sub-nano amounts are equal to Kubernetes).
   */
  public BigDecimal kubernetesValue() {
    return kubernetesValue;
  }

  /**
   * Whether the value is zero or its magnitude lies between 10^-40 and 10^40. Only then is exact
   * arithmetic on it (sums, remainders, rounding to whole units) cheap: Kubernetes accepts {@code
   * 1e100000}, but {@code BigDecimal.remainder} on it takes seconds, and on {@code 1e1000000}
   * minutes. Rules that compute with quantities skip the others; comparing them is always cheap.
   */
  public boolean isModerate() {
    if (value.signum() == 0) {
      return true;
    }
    long magnitude = (long) value.precision() - value.scale();
    return magnitude >= -40 && magnitude <= 40;
  }

  public boolean isNegative() {
    return value.signum() < 0;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  /** The suffix exactly as written, {@code ""} if none ({@code "Mi"}, {@code "e+6"}). */
  public String suffix() {
    return suffix;
  }

  /** The numeric part exactly as written, with its sign ({@code "-1.5"}, {@code "+.5"}). */
  public String number() {
    return number;
  }

  /**
   * The format Kubernetes records: from the suffix, except that a BinarySI value strictly between 0
   * and 1 in magnitude is recorded as DecimalSI ({@code 0.000000000001Ki}).
   */
  public Format format() {
    return format;
  }

  public String original() {
    return original;
  }

  /**
   * Kubernetes' canonical form: {@code 1.5Gi} -> {@code 1536Mi}, {@code 0.1} -> {@code 100m},
   * {@code 1000m} -> {@code 1}. Kubernetes' {@code String()} may instead echo an input that already
   * looks canonical ({@code +1Ki}); this always returns the canonicalized form.
   */
  public String canonical() {
    return canonical;
  }

  /** Orders by {@link #value()}. */
  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  /** Equal when {@link #value()} is numerically equal ({@code 1Gi} equals {@code 1024Mi}). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Quantity)) {
      return false;
    }
    Quantity other = (Quantity) o;
    return normExponent == other.normExponent && normMantissa.equals(other.normMantissa);
  }

  @Override
  public int hashCode() {
    return Objects.hash(normMantissa, normExponent);
  }

  /** The canonical form, as Kubernetes' {@code String()}. */
  @Override
  public String toString() {
    return canonical;
  }

  // ---- suggestions -------------------------------------------------------------------------

  private static final Pattern HEX = Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]+)");
  private static final Pattern NUMBER_AND_UNIT =
      // possessive: a greedy [0-9]+\.?[0-9]* backtracks through every split of a long digit run
      Pattern.compile("([+-]?+(?:[0-9]++\\.?+[0-9]*+|\\.[0-9]++))([A-Za-z]++)");

  /** Lower-case unit letter -> {decimal suffix, binary suffix}. */
  private static final Map<Character, String[]> UNIT_LETTERS =
      Map.of(
          'k',
          new String[] {"k", "Ki"},
          'm',
          new String[] {"M", "Mi"},
          'g',
          new String[] {"G", "Gi"},
          't',
          new String[] {"T", "Ti"},
          'p',
          new String[] {"P", "Pi"},
          'e',
          new String[] {"E", "Ei"});

  /**
   * The likely intended spelling of an invalid quantity, for a finding's message, or {@code null}
   * when there is no good guess (or the input is already valid). Deterministic and deliberately
   * simple: drops whitespace ({@code "1.5 Gi"} -> {@code "1.5Gi"}), converts hex ({@code "0x10"} ->
   * {@code "16"}), and maps byte-style units: {@code "512MB"} -> {@code "512M or 512Mi"}, {@code
   * "1gi"}/{@code "1GiB"} -> {@code "1Gi"}, {@code "1K"} -> {@code "1k or 1Ki"}.
   */
  public static String suggest(String invalid) {
    if (invalid == null || invalid.length() > MAX_LENGTH || tryParse(invalid).isPresent()) {
      return null;
    }
    String compact = invalid.replaceAll("\\s+", "");
    if (compact.isEmpty()) {
      return null;
    }
    if (tryParse(compact).isPresent()) {
      return compact;
    }
    Matcher hex = HEX.matcher(compact);
    if (hex.matches()) {
      return hex.group(1).replace("+", "") + new BigInteger(hex.group(2), 16);
    }
    Matcher m = NUMBER_AND_UNIT.matcher(compact);
    if (!m.matches()) {
      return null;
    }
    String num = m.group(1);
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    if (unit.equals("b")) {
      return valid(num);
    }
    String[] pair = UNIT_LETTERS.get(unit.charAt(0));
    if (pair == null) {
      return null;
    }
    String rest = unit.substring(1);
    if (rest.equals("i") || rest.equals("ib")) {
      return valid(num + pair[1]); // the binary unit was clearly meant, only mis-cased
    }
    // "1e" is more likely a broken exponent than exa, so a lone e gets no guess
    if (rest.equals("b") || (rest.isEmpty() && unit.charAt(0) != 'e')) {
      String decimal = valid(num + pair[0]);
      String binary = valid(num + pair[1]);
      return decimal == null || binary == null ? null : decimal + " or " + binary;
    }
    return null;
  }

  private static String valid(String candidate) {
    return tryParse(candidate).isPresent() ? candidate : null;
  }
}
