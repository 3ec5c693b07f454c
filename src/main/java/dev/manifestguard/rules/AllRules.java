package dev.manifestguard.rules;

import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.rules.network.NetworkRules;
import dev.manifestguard.rules.rbac.RbacRules;
import dev.manifestguard.rules.references.ReferenceRules;
import dev.manifestguard.rules.reliability.ReliabilityRules;
import dev.manifestguard.rules.resources.ResourceRules;
import dev.manifestguard.rules.schema.SchemaInvalidRule;
import dev.manifestguard.rules.schema.SchemaRules;
import dev.manifestguard.rules.security.SecurityRules;
import dev.manifestguard.rules.storage.StorageRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rule, listed explicitly by package: no classpath scanning, so the catalogue is the same in
 * the JVM and in a native image. The front doors build their registry here; nothing below them
 * knows the list.
 */
public final class AllRules {
  private AllRules() {}

  /** Every rule, in the order the engine runs them (and so the order of an object's findings). */
  public static List<Rule> all() {
    List<Rule> all = new ArrayList<>();
    all.addAll(ResourceRules.all());
    all.addAll(RbacRules.all());
    all.addAll(StorageRules.all());
    all.addAll(ReferenceRules.all());
    all.addAll(NetworkRules.all());
    all.addAll(SecurityRules.all());
    all.addAll(ReliabilityRules.all());
    all.addAll(SchemaRules.all());
    return all;
  }

  /**
   * The full catalogue; {@code schema-invalid} reports an object that another rule could not
   * interpret (a field of a type it did not expect is a schema problem).
   */
  public static RuleRegistry registry() {
    return new RuleRegistry(all(), SchemaInvalidRule.ID);
  }
}
