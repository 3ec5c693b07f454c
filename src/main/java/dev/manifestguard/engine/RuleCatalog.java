package dev.manifestguard.engine;

import dev.manifestguard.rules.network.NetworkRules;
import dev.manifestguard.rules.rbac.RbacRules;
import dev.manifestguard.rules.reliability.ReliabilityRules;
import dev.manifestguard.rules.resources.ResourceRules;
import dev.manifestguard.rules.schema.SchemaRules;
import dev.manifestguard.rules.security.SecurityRules;
import dev.manifestguard.rules.storage.StorageRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rule, listed explicitly by category: no classpath scanning, so the catalogue is the same in the JVM and
 * in a native image.
 */
public final class RuleCatalog {
  private RuleCatalog() {}

  public static List<Rule> all() {
    List<Rule> all = new ArrayList<>();
    all.addAll(ResourceRules.all());
    all.addAll(RbacRules.all());
    all.addAll(StorageRules.all());
    all.addAll(NetworkRules.all());
    all.addAll(SecurityRules.all());
    all.addAll(ReliabilityRules.all());
    all.addAll(SchemaRules.all());
    return all;
  }
}
