package dev.manifestguard.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "0.0.0.0/0",
        "10.0.0.1/16",
        "192.168.0.0/32",
        "::/0",
        "fd00::/64",
        "fc00:f853:0ccd:e799::/124",
        "2004::0/64",
        "::ffff:10.0.0.0/104",
        "10.0.0.0/08",
        "FD00::/8",
        "10.0.0.0/0008"
      })
  @DisplayName("CIDRs Go's net.ParseCIDR accepts parse")
  void validCidrs(String s) {
    assertThat(Cidrs.parseCidr(s).ok()).as(s).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "010.0.0.0/8",
        "10.0.0.0/33",
        "fd00::/129",
        "10.0.0.0",
        "10.0.0/8",
        "10.0.0.0/",
        "10.0.0.0/255.0.0.0",
        "10.*.0.0/16",
        "fe80::1%eth0/64",
        "1.2.3.4.5/8",
        "fd00::00001/64",
        "10.0.0.0 /8",
        " 10.0.0.0/8",
        "0x0a.0.0.0/8",
        "10.0.0.0/-1",
        "",
        "fd00::/64/1",
        "10.0.0.0-10.0.0.5"
      })
  @DisplayName("CIDRs Go's net.ParseCIDR refuses do not")
  void invalidCidrs(String s) {
    assertThat(Cidrs.parseCidr(s).ok()).as(s).isFalse();
  }

  @Test
  @DisplayName("errors say what is wrong and what to write")
  void messages() {
    assertThat(Cidrs.parseCidr("010.0.0.0/8").error())
        .contains("leading zeros")
        .contains("write 10.0.0.0/8.");
    assertThat(Cidrs.parseCidr("10.0.0.0/33").error())
        .contains("prefix length 33")
        .contains("0 to 32");
    assertThat(Cidrs.parseCidr("fd00::/200").error()).contains("0 to 128");
    assertThat(Cidrs.parseCidr("10.0.0.1").error())
        .contains("is an address, not a CIDR")
        .contains("10.0.0.1/32");
    assertThat(Cidrs.parseCidrOrRange("192.168.9.5-192.168.9.1").error()).contains("swap");
    assertThat(Cidrs.parseCidrOrRange("192.168.9.1-fd00::1").error())
        .contains("mixes IPv4 and IPv6");
  }

  @ParameterizedTest
  @CsvSource({
    "10.244.0.0/16, 10.244.128.0/17, true",
    "10.244.0.0/17, 10.244.128.0/17, false",
    "10.0.0.0/8, fd00::/8, false",
    "fd00:100:64::/108, fd00:100:96::/48, false",
    "10.96.0.0/16, 10.96.0.0/12, true",
    "10.0.0.1/16, 10.0.200.0/24, true"
  })
  void overlap(String a, String b, boolean expected) {
    assertThat(Cidrs.overlaps(Cidrs.parseCidr(a).value(), Cidrs.parseCidr(b).value()))
        .isEqualTo(expected);
  }

  @Test
  void rangesContainmentAndHostBits() {
    Cidrs.Value range = Cidrs.parseCidrOrRange("192.168.9.1 - 192.168.9.5").value();
    assertThat(range.form()).isEqualTo(Cidrs.Form.RANGE);
    assertThat(Cidrs.overlaps(range, Cidrs.parseCidr("192.168.9.4/30").value())).isTrue();
    assertThat(Cidrs.overlaps(range, Cidrs.parseCidr("192.168.9.8/30").value())).isFalse();
    Cidrs.Value net = Cidrs.parseCidr("10.0.0.0/16").value();
    assertThat(Cidrs.strictlyContains(net, Cidrs.parseCidr("10.0.1.0/24").value())).isTrue();
    assertThat(Cidrs.strictlyContains(net, Cidrs.parseCidr("10.0.0.0/16").value())).isFalse();
    assertThat(Cidrs.contains(net, Cidrs.parseCidr("10.0.0.0/16").value())).isTrue();
    assertThat(Cidrs.hostBitsSet(Cidrs.parseCidr("10.0.0.1/16").value())).isTrue();
    assertThat(Cidrs.hostBitsSet(net)).isFalse();
    assertThat(Cidrs.hostBitsSet(Cidrs.parseCidr("10.196.0.0/12").value())).isTrue();
    assertThat(Cidrs.networkAddress(Cidrs.parseCidr("10.196.0.0/12").value()))
        .isEqualTo("10.192.0.0/12");
    assertThat(Cidrs.networkAddress(Cidrs.parseCidr("fd00::1/64").value())).isEqualTo("fd00::/64");
    assertThat(Cidrs.parseCidr("0.0.0.0/0").value().world()).isTrue();
    assertThat(
            Cidrs.reachesAfterExcept(
                Cidrs.parseCidr("10.0.0.0/8").value(),
                Cidrs.parseCidr("10.244.0.0/16").value(),
                java.util.List.of(Cidrs.parseCidr("10.244.0.0/16").value())))
        .isFalse();
    assertThat(
            Cidrs.reachesAfterExcept(
                Cidrs.parseCidr("10.0.0.0/8").value(),
                Cidrs.parseCidr("10.244.0.0/16").value(),
                java.util.List.of(Cidrs.parseCidr("10.244.0.0/17").value())))
        .isTrue();
  }
}
