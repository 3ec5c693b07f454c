package dev.manifestguard.rules.security;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `security`. */
public final class SecurityRules {
  private SecurityRules() {}

  public static List<Rule> all() {
    return List.of(
        new SecretInEnvRule(),
        new PodSecurityBaselineRule(),
        new PodSecurityRestrictedRule(),
        new ImageTagMutableRule());
  }
}
