package dev.manifestguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.model.Cidrs;
import dev.manifestguard.model.Cidrs.Result;
import dev.manifestguard.model.Cidrs.Value;
import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties of {@link Cidrs} over addresses, CIDRs and ranges, well-formed and not. */
class CidrsFuzzTest {
  private static final String[] NOISE = {
    " ",
    "\t",
    "\u00a0",
    "/",
    "//",
    ":",
    ":::",
    ".",
    "-",
    "--",
    "%eth0",
    "%",
    "0x",
    "\u0661",
    "\uff11",
    "\u0000",
    "*",
    "[",
    "]",
    "/-1",
    "/+8",
    "e",
    "G",
    "\ud83d\ude00"
  };

  static String ipv4(Random r) {
    int parts = r.nextInt(20) == 0 ? Fuzz.pick(r, 1, 2, 3, 5) : 4;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        sb.append('.');
      }
      int roll = r.nextInt(40);
      if (roll == 0) {
        sb.append('0').append(r.nextInt(256)); // leading zero
      } else if (roll == 1) {
        sb.append(256 + r.nextInt(100_000));
      } else if (roll == 2) {
        sb.append(Integer.toHexString(r.nextInt(256)));
      } else {
        sb.append(Fuzz.pick(r, 0, 10, 127, 192, 255, r.nextInt(256), r.nextInt(256)));
      }
    }
    return sb.toString();
  }

  static String ipv6(Random r) {
    int groups = r.nextInt(10) == 0 ? r.nextInt(10) : 8;
    boolean v4tail = r.nextInt(6) == 0;
    if (v4tail) {
      groups = Math.max(0, groups - 2);
    }
    String[] g = new String[groups];
    for (int i = 0; i < groups; i++) {
      int roll = r.nextInt(30);
      g[i] =
          roll == 0
              ? Integer.toHexString(0x10000 + r.nextInt(0xFFFFF)) // five digits
              : roll == 1
                  ? ""
                  : Integer.toHexString(
                      Fuzz.pick(r, 0, 0, 0, 1, 0xfd00, 0xffff, 0x2001, r.nextInt(0x10000)));
      if (r.nextInt(4) == 0) {
        g[i] = g[i].toUpperCase(java.util.Locale.ROOT);
      }
    }
    StringBuilder sb = new StringBuilder(String.join(":", g));
    if (r.nextInt(3) == 0) {
      // compress a run: "::" somewhere (more than once now and then)
      int at = r.nextInt(sb.length() + 1);
      sb.insert(at, "::");
      if (r.nextInt(15) == 0) {
        sb.append("::");
      }
    }
    if (v4tail) {
      sb.append(sb.length() == 0 || sb.charAt(sb.length() - 1) == ':' ? "" : ":").append(ipv4(r));
    }
    return sb.toString();
  }

  static String address(Random r) {
    return r.nextInt(3) == 0 ? ipv6(r) : ipv4(r);
  }

  static String cidr(Random r) {
    String a = address(r);
    int roll = r.nextInt(30);
    String prefix =
        roll == 0
            ? ""
            : roll == 1
                ? "0" + r.nextInt(33)
                : roll == 2
                    ? String.valueOf(129 + r.nextInt(1000))
                    : roll == 3
                        ? "99999999999999999999"
                        : String.valueOf(r.nextInt(a.indexOf(':') >= 0 ? 129 : 33));
    return a + "/" + prefix;
  }

  static String anything(Random r) {
    String s =
        switch (r.nextInt(5)) {
          case 0 -> address(r);
          case 1, 2 -> cidr(r);
          case 3 -> address(r) + Fuzz.pick(r, "-", " - ", "- ", "--", "-") + address(r);
          default -> cidr(r) + "-" + cidr(r);
        };
    StringBuilder sb = new StringBuilder(s);
    int noise = r.nextInt(5) == 0 ? 1 + r.nextInt(3) : 0;
    for (int i = 0; i < noise; i++) {
      sb.insert(r.nextInt(sb.length() + 1), Fuzz.pick(r, NOISE));
    }
    if (r.nextInt(200) == 0) {
      return sb.toString().repeat(1 + r.nextInt(2_000));
    }
    return sb.toString();
  }

  private static void wellFormed(Result result, String input) {
    assertThat(result).as(input).isNotNull();
    assertThat(result.ok() == (result.error() == null))
        .as("exactly one of value and error for %s", input)
        .isTrue();
    if (result.ok()) {
      assertThat(result.value().range()).as(input).isNotNull();
    } else {
      assertThat(result.error()).as(input).isNotBlank().endsWith(".");
    }
  }

  @Test
  @DisplayName("every parser answers a value or a message for any string, and throws nothing")
  void parsersNeverThrow() {
    Fuzz.run(
        "cidrs.parse",
        100_000,
        r -> {
          String s = anything(r);
          wellFormed(Cidrs.parseCidr(s), s);
          wellFormed(Cidrs.parseAddress(s), s);
          wellFormed(Cidrs.parseCidrOrRange(s), s);
          String other = anything(r);
          wellFormed(Cidrs.parseRange(s, other, s + "-" + other), s + " / " + other);
          Result cidr = Cidrs.parseCidr(s);
          if (cidr.ok()) {
            assertThat(cidr.value().text()).isEqualTo(s);
            assertThat(cidr.value().form()).isEqualTo(Cidrs.Form.CIDR);
            Cidrs.hostBitsSet(cidr.value());
            Cidrs.networkAddress(cidr.value());
          }
        });
  }

  private static Value valid(Random r) {
    while (true) {
      String s = r.nextInt(3) == 0 ? address(r) + "-" + address(r) : cidr(r);
      Result res = Cidrs.parseCidrOrRange(s);
      if (res.ok()) {
        return res.value();
      }
      Result single = Cidrs.parseAddress(s);
      if (single.ok()) {
        return single.value();
      }
    }
  }

  @Test
  @DisplayName(
      "overlap is symmetric, containment implies overlap, and every value overlaps and contains itself")
  void overlapLaws() {
    Fuzz.run(
        "cidrs.overlap",
        100_000,
        r -> {
          Value a = valid(r);
          Value b = r.nextInt(4) == 0 ? narrower(a, r) : valid(r);
          String both = a + " and " + b;
          assertThat(Cidrs.overlaps(a, b)).as(both).isEqualTo(Cidrs.overlaps(b, a));
          if (Cidrs.contains(a, b)) {
            assertThat(Cidrs.overlaps(a, b)).as(both).isTrue();
          }
          if (Cidrs.contains(a, b) && Cidrs.contains(b, a)) {
            assertThat(a.range()).as(both).isEqualTo(b.range());
          }
          assertThat(Cidrs.strictlyContains(a, b) && Cidrs.strictlyContains(b, a))
              .as(both)
              .isFalse();
          assertThat(Cidrs.overlaps(a, a)).as(a.text()).isTrue();
          assertThat(Cidrs.contains(a, a)).as(a.text()).isTrue();
          assertThat(Cidrs.strictlyContains(a, a)).as(a.text()).isFalse();
        });
  }

  /** A CIDR inside {@code v}'s first address's network, one to eight bits longer. */
  private static Value narrower(Value v, Random r) {
    IPAddress lower = v.range().getLower().withoutPrefixLength();
    int bits = lower.getBitCount();
    int prefix =
        Math.min(bits, Math.max(0, v.form() == Cidrs.Form.CIDR ? v.prefix() : bits) + r.nextInt(9));
    return Cidrs.parseCidr(print(lower) + "/" + prefix).value();
  }

  @Test
  @DisplayName("the two halves of a prefix do not overlap, and both lie strictly inside it")
  void halvesAreDisjoint() {
    Fuzz.run(
        "cidrs.halves",
        100_000,
        r -> {
          Value parent;
          do {
            parent = Cidrs.parseCidr(cidr(r)).value();
          } while (parent == null || parent.prefix() == parent.range().getLower().getBitCount());
          IPAddress network = parent.range().getLower().withoutPrefixLength();
          int bits = network.getBitCount();
          int half = parent.prefix() + 1;
          BigInteger step = BigInteger.ONE.shiftLeft(bits - half);
          IPAddress second = fromValue(network, network.getValue().add(step));
          Value lo = Cidrs.parseCidr(print(network) + "/" + half).value();
          Value hi = Cidrs.parseCidr(print(second) + "/" + half).value();
          String what = parent + " -> " + lo + " + " + hi;
          assertThat(lo).as(what).isNotNull();
          assertThat(hi).as(what).isNotNull();
          assertThat(Cidrs.overlaps(lo, hi)).as(what).isFalse();
          assertThat(Cidrs.overlaps(hi, lo)).as(what).isFalse();
          assertThat(Cidrs.strictlyContains(parent, lo)).as(what).isTrue();
          assertThat(Cidrs.strictlyContains(parent, hi)).as(what).isTrue();
          assertThat(lo.range().getUpper().getValue().add(BigInteger.ONE))
              .as(what)
              .isEqualTo(hi.range().getLower().getValue());
        });
  }

  @Test
  @DisplayName("printing a valid value and parsing it again gives the same addresses")
  void printParseRoundTrip() {
    Fuzz.run(
        "cidrs.roundtrip",
        100_000,
        r -> {
          String s = anything(r);
          Result cidr = Cidrs.parseCidr(s);
          if (cidr.ok()) {
            Value v = cidr.value();
            Result again = Cidrs.parseCidr(Cidrs.networkAddress(v));
            assertThat(again.ok())
                .as("%s -> %s: %s", s, Cidrs.networkAddress(v), again.error())
                .isTrue();
            assertThat(again.value().range()).as(s).isEqualTo(v.range());
            assertThat(again.value().prefix()).as(s).isEqualTo(v.prefix());
            assertThat(Cidrs.hostBitsSet(again.value())).as(s).isFalse();
            assertThat(Cidrs.networkAddress(again.value()))
                .as(s)
                .isEqualTo(Cidrs.networkAddress(v));
          }
          Result address = Cidrs.parseAddress(s);
          if (address.ok()) {
            String printed = print(address.value().address());
            Result again = Cidrs.parseAddress(printed);
            assertThat(again.ok()).as("%s -> %s: %s", s, printed, again.error()).isTrue();
            assertThat(again.value().range()).as(s).isEqualTo(address.value().range());
          }
          Result range = Cidrs.parseCidrOrRange(s);
          if (range.ok() && range.value().form() == Cidrs.Form.RANGE) {
            String printed =
                print(range.value().range().getLower())
                    + "-"
                    + print(range.value().range().getUpper());
            Result again = Cidrs.parseCidrOrRange(printed);
            assertThat(again.ok()).as("%s -> %s: %s", s, printed, again.error()).isTrue();
            assertThat(again.value().range()).as(s).isEqualTo(range.value().range());
          }
        });
  }

  /** The canonical text Go prints for an address (dotted quad, compressed IPv6). */
  private static String print(IPAddress a) {
    IPAddress plain = a.getLower().withoutPrefixLength();
    return plain.isIPv4() ? plain.toCanonicalString() : plain.toCompressedString();
  }

  private static IPAddress fromValue(IPAddress like, BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] bytes = new byte[like.getByteCount()];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    return like.isIPv4()
        ? new inet.ipaddr.ipv4.IPv4Address(bytes)
        : new inet.ipaddr.ipv6.IPv6Address(bytes);
  }

  private static final dev.manifestguard.engine.RuleEngine ENGINE =
      new dev.manifestguard.engine.RuleEngine(dev.manifestguard.rules.AllRules.registry());

  @Test
  @DisplayName(
      "cidr-overlap within one pool flags exactly the entries that overlap one listed before them")
  void poolOverlapMatchesPairwiseDefinition() {
    Fuzz.run(
        "cidrs.pool-overlap",
        20_000,
        r -> {
          com.fasterxml.jackson.databind.node.ObjectNode pool =
              com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                  .objectNode()
                  .put("apiVersion", "metallb.io/v1beta1")
                  .put("kind", "IPAddressPool");
          pool.putObject("metadata").put("name", "p").put("namespace", "metallb-system");
          com.fasterxml.jackson.databind.node.ArrayNode addresses =
              pool.putObject("spec").putArray("addresses");
          java.util.List<Value> values = new java.util.ArrayList<>();
          int n = 1 + r.nextInt(12);
          for (int i = 0; i < n; i++) {
            // a small space, so that overlaps are common
            String text =
                r.nextInt(4) == 0
                    ? "fd00::" + Integer.toHexString(r.nextInt(16)) + "/" + (124 + r.nextInt(5))
                    : r.nextInt(3) == 0
                        ? "10.0.0." + r.nextInt(32) + "-10.0.0." + (32 + r.nextInt(32))
                        : "10.0.0." + r.nextInt(64) + "/" + (26 + r.nextInt(7));
            addresses.add(text);
            values.add(Cidrs.parseCidrOrRange(text).value());
          }
          java.util.Set<String> expected = new java.util.TreeSet<>();
          for (int j = 1; j < n; j++) {
            for (int i = 0; i < j; i++) {
              if (Cidrs.overlaps(values.get(i), values.get(j))) {
                expected.add("spec.addresses[" + j + "]");
                break;
              }
            }
          }
          java.util.Set<String> actual = new java.util.TreeSet<>();
          for (var f :
              ENGINE.evaluate(
                  dev.manifestguard.engine.Review.offline(
                      dev.manifestguard.model.Manifest.of(pool, "default")),
                  dev.manifestguard.engine.Policy.DEFAULT,
                  dev.manifestguard.cluster.NoClusterState.INSTANCE)) {
            if (f.rule().equals("cidr-overlap")) {
              actual.add(f.path());
            }
          }
          assertThat(actual).as(addresses.toString()).isEqualTo(expected);
        });
  }
}
