package dev.manifestguard.rules.network;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `network`. */
public final class NetworkRules {
  private NetworkRules() {}

  public static List<Rule> all() {
    return List.of(
        new CidrInvalidRule(),
        new CidrHostBitsSetRule(),
        new NetworkpolicyExceptOutsideCidrRule(),
        new CidrOverlapRule(),
        new ServiceIpInClusterRangeRule(),
        new NetworkpolicyIpblockPodRangeRule(),
        new NetworkWorldOpenRule(),
        new ServiceSelectorMatchesNothingRule(),
        new IngressBackendMissingRule(),
        new NetworkpolicySelectsNothingRule());
  }
}
