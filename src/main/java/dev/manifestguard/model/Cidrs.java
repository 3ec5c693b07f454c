package dev.manifestguard.model;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/**
 * Addresses, CIDRs and ranges as Kubernetes and the network add-ons read them, on top of the
 * ipaddress library.
 *
 * <p>The grammar is Go's ({@code net.ParseCIDR}, {@code net.ParseIP}, which Calico, Cilium, MetalLB
 * and kubeadm use): IPv4 in four decimal octets without leading zeros (refused since Go 1.17, and
 * read as octal by older parsers), IPv6 with at most four hex digits per group and optionally an
 * embedded IPv4 tail, no zone, no masks, no wildcards; a CIDR's prefix length within the family's
 * size. A CIDR with host bits set parses, as in Go, to the network it lies in.
 */
public final class Cidrs {
  private Cidrs() {}

  /** How a value was written. */
  public enum Form {
    CIDR,
    ADDRESS,
    RANGE
  }

  /**
   * One parsed value.
   *
   * @param text the value as written (trimmed where the field allows padding)
   * @param range every address it stands for (for a CIDR: its whole network)
   * @param address for a CIDR the address as written with its prefix length; for an address the
   *     address
   */
  public record Value(String text, Form form, IPAddressSeqRange range, IPAddress address) {
    public boolean ipv4() {
      return range.getLower().isIPv4();
    }

    /** The prefix length of a CIDR, else -1. */
    public int prefix() {
      Integer p = form == Form.CIDR ? address.getNetworkPrefixLength() : null;
      return p == null ? -1 : p;
    }

    /** A CIDR that covers every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    public boolean world() {
      return prefix() == 0;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A parse outcome: a value, or a message saying what is wrong and what to write instead. */
  public record Result(Value value, String error) {
    public boolean ok() {
      return value != null;
    }

    static Result of(Value v) {
      return new Result(v, null);
    }

    static Result error(String message) {
      return new Result(null, message);
    }
  }

  private static final IPAddressStringParameters STRICT = params(false, true);
  private static final IPAddressStringParameters STRICT_ADDRESS = params(false, false);

  /** Only to tell "leading zeros" apart from other errors and to suggest the decimal spelling. */
  private static final IPAddressStringParameters LEADING_ZEROS = params(true, true);

  private static IPAddressStringParameters params(boolean leadingZeros, boolean prefix) {
    IPAddressStringParameters.Builder b =
        new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowPrefix(prefix)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false);
    b.getIPv4AddressParametersBuilder()
        .allowLeadingZeros(leadingZeros)
        .allowUnlimitedLeadingZeros(false)
        .allowPrefixesBeyondAddressSize(false)
        .allowPrefixLengthLeadingZeros(true)
        .allowBinary(false);
    b.getIPv6AddressParametersBuilder()
        .allowZone(false)
        .allowEmptyZone(false)
        .allowBase85(false)
        .allowBinary(false)
        .allowMixed(true)
        .allow_mixed_inet_aton(false)
        .allowLeadingZeros(true)
        .allowUnlimitedLeadingZeros(false)
        .allowPrefixesBeyondAddressSize(false)
        .allowPrefixLengthLeadingZeros(true)
        .getEmbeddedIPv4AddressParametersBuilder()
        .allowLeadingZeros(leadingZeros)
        .allowUnlimitedLeadingZeros(false)
        .allowBinary(false);
    return b.toParams();
  }

  /** A CIDR such as {@code 10.0.0.0/16} or {@code fd00::/64}; a bare address is an error. */
  public static Result parseCidr(String text) {
    if (text == null || text.isEmpty()) {
      return Result.error("the value is empty; write a CIDR such as 10.0.0.0/16.");
    }
    if (!text.equals(text.strip()) && parseCidr(text.strip()).ok()) {
      return Result.error("\"" + text + "\" has blanks around it; write " + text.strip() + ".");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      IPAddress bare = parse(text, STRICT_ADDRESS);
      if (bare != null) {
        return Result.error(
            "\""
                + text
                + "\" is an address, not a CIDR; write "
                + canonical(bare)
                + "/"
                + bare.getBitCount()
                + " for this address alone.");
      }
      return Result.error(invalidCidr(text));
    }
    String prefix = text.substring(slash + 1);
    IPAddress addr = parse(text, STRICT);
    if (addr != null && addr.getNetworkPrefixLength() != null) {
      IPAddress block = addr.toPrefixBlock();
      return Result.of(new Value(text, Form.CIDR, block.toSequentialRange(), addr));
    }
    int bits = text.substring(0, slash).indexOf(':') >= 0 ? 128 : 32;
    if (!prefix.isEmpty()
        && prefix.chars().allMatch(c -> c >= '0' && c <= '9')
        && new java.math.BigInteger(prefix).compareTo(java.math.BigInteger.valueOf(bits)) > 0) {
      return Result.error(
          "\""
              + text
              + "\" has prefix length "
              + prefix
              + "; an IPv"
              + (bits == 32 ? "4" : "6")
              + " prefix length is 0 to "
              + bits
              + ".");
    }
    IPAddress lenient = parse(text, LEADING_ZEROS);
    if (lenient != null) {
      return Result.error(
          "\""
              + text
              + "\" has leading zeros, which Kubernetes tools refuse (older ones read them "
              + "as octal); write "
              + canonical(lenient)
              + "/"
              + lenient.getNetworkPrefixLength()
              + ".");
    }
    return Result.error(invalidCidr(text));
  }

  /** A single address such as {@code 10.0.0.1} or {@code fd00::1}; a CIDR is an error. */
  public static Result parseAddress(String text) {
    if (text == null || text.isEmpty()) {
      return Result.error("the value is empty; write an IP address such as 192.0.2.10.");
    }
    IPAddress addr = parse(text, STRICT_ADDRESS);
    if (addr != null) {
      return Result.of(new Value(text, Form.ADDRESS, addr.toSequentialRange(), addr));
    }
    if (text.indexOf('/') >= 0 && parse(text, STRICT) != null) {
      return Result.error(
          "\""
              + text
              + "\" is a CIDR, not an address; write a single IP address such as "
              + canonical(parse(text, STRICT).getLower())
              + ".");
    }
    IPAddress lenient = parse(text, LEADING_ZEROS);
    if (lenient != null && lenient.getNetworkPrefixLength() == null) {
      return Result.error(
          "\""
              + text
              + "\" has leading zeros, which Kubernetes tools refuse (older ones read them "
              + "as octal); write "
              + canonical(lenient)
              + ".");
    }
    return Result.error(
        "\""
            + text
            + "\" is not a valid IP address; write one such as "
            + (text.indexOf(':') >= 0 ? "fd00::10" : "192.0.2.10")
            + ".");
  }

  /**
   * A range from {@code start} to {@code stop}, both included; {@code text} is how to name it in
   * messages.
   */
  public static Result parseRange(String start, String stop, String text) {
    Result a = parseAddress(start);
    if (!a.ok()) {
      return Result.error("range start: " + a.error());
    }
    Result b = parseAddress(stop);
    if (!b.ok()) {
      return Result.error("range end: " + b.error());
    }
    IPAddress lo = a.value().address();
    IPAddress hi = b.value().address();
    if (lo.isIPv4() != hi.isIPv4()) {
      return Result.error(
          "range \"" + text + "\" mixes IPv4 and IPv6; use two addresses of the same family.");
    }
    if (lo.compareTo(hi) > 0) {
      return Result.error(
          "range \""
              + text
              + "\" starts at "
              + start
              + ", after its end "
              + stop
              + "; swap the two addresses.");
    }
    return Result.of(new Value(text, Form.RANGE, lo.toSequentialRange(hi), lo));
  }

  /** A MetalLB address: a CIDR, or a range {@code a-b} (spaces around the dash allowed). */
  public static Result parseCidrOrRange(String text) {
    if (text == null || text.isEmpty()) {
      return Result.error(
          "the value is empty; write a CIDR such as 192.0.2.0/24 or a range such as "
              + "192.0.2.10-192.0.2.20.");
    }
    int dash = text.indexOf('-');
    if (dash < 0) {
      return parseCidr(text);
    }
    if (text.indexOf('-', dash + 1) >= 0) {
      return Result.error(
          "\"" + text + "\" is not a valid range; write start-end such as 192.0.2.10-192.0.2.20.");
    }
    return parseRange(text.substring(0, dash).trim(), text.substring(dash + 1).trim(), text);
  }

  public static boolean overlaps(Value a, Value b) {
    return sameFamily(a, b) && a.range().overlaps(b.range());
  }

  public static boolean contains(Value outer, Value inner) {
    return sameFamily(outer, inner) && outer.range().contains(inner.range());
  }

  /** {@code inner} lies inside {@code outer} and is smaller than it. */
  public static boolean strictlyContains(Value outer, Value inner) {
    return contains(outer, inner) && !outer.range().equals(inner.range());
  }

  /** A CIDR whose address has bits set past its prefix length ({@code 10.0.0.1/16}). */
  public static boolean hostBitsSet(Value v) {
    if (v.form() != Form.CIDR) {
      return false;
    }
    return !v.address()
        .getLower()
        .withoutPrefixLength()
        .equals(v.range().getLower().withoutPrefixLength());
  }

  /**
   * The network a CIDR stands for, written canonically: {@code 10.0.0.0/16} for {@code
   * 10.0.0.1/16}.
   */
  public static String networkAddress(Value v) {
    if (v.form() != Form.CIDR) {
      return v.text();
    }
    return canonical(v.range().getLower()) + "/" + v.prefix();
  }

  /**
   * The part of {@code v} that none of {@code holes} covers is not empty: for an {@code ipBlock},
   * whether the block still reaches some of {@code target} after its {@code except} entries.
   */
  public static boolean reachesAfterExcept(Value block, Value target, Iterable<Value> holes) {
    if (!overlaps(block, target)) {
      return false;
    }
    java.util.List<IPAddressSeqRange> left = new java.util.ArrayList<>();
    left.add(block.range().intersect(target.range()));
    for (Value h : holes) {
      if (!sameFamily(block, h)) {
        continue;
      }
      java.util.List<IPAddressSeqRange> next = new java.util.ArrayList<>();
      for (IPAddressSeqRange r : left) {
        for (IPAddressSeqRange piece : r.subtract(h.range())) {
          next.add(piece);
        }
      }
      left = next;
    }
    return !left.isEmpty();
  }

  private static boolean sameFamily(Value a, Value b) {
    return a.range().getLower().isIPv4() == b.range().getLower().isIPv4();
  }

  private static String canonical(IPAddress a) {
    IPAddress plain = a.getLower().withoutPrefixLength();
    return plain.isIPv4() ? plain.toCanonicalString() : plain.toCompressedString();
  }

  private static IPAddress parse(String text, IPAddressStringParameters params) {
    // The library trims surrounding blanks; Go does not.
    if (text.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    try {
      return new IPAddressString(text, params).getAddress();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String invalidCidr(String text) {
    return "\""
        + text
        + "\" is not a valid CIDR; write an address and a prefix length such as "
        + (text.indexOf(':') >= 0 ? "fd00::/64" : "10.0.0.0/16")
        + ".";
  }
}
