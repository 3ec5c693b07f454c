package dev.manifestguard.rules.storage;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `storage`. */
public final class StorageRules {
  private StorageRules() {}

  public static List<Rule> all() {
    return List.of(
        new ClassMissingRule(),
        new NoDefaultClassRule(),
        new MultipleDefaultClassesRule(),
        new ClaimInvalidRule(),
        new ClassInvalidRule(),
        new PvcMissingRule(),
        new ConfigMapMissingRule(),
        new SecretMissingRule());
  }
}
