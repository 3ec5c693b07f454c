package dev.manifestguard.rules.storage;

import dev.manifestguard.engine.Rule;
import java.util.List;

/**
 * The rules of category `storage` about classes and claims; the reference-*-missing ones are in
 * references.
 */
public final class StorageRules {
  private StorageRules() {}

  public static List<Rule> all() {
    return List.of(
        new StorageClassMissingRule(),
        new StorageNoDefaultClassRule(),
        new StorageMultipleDefaultClassesRule(),
        new StorageClaimInvalidRule(),
        new StorageClassInvalidRule(),
        new ConfigmapEmbeddedInvalidRule());
  }
}
