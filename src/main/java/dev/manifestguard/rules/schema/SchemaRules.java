package dev.manifestguard.rules.schema;

import dev.manifestguard.engine.Rule;
import java.util.List;

/** The rules of category `schema`. */
public final class SchemaRules {
  private SchemaRules() {}

  public static List<Rule> all() {
    return List.of(new ManifestUnparseableRule(), new SchemaInvalidRule(), new KindUnknownRule());
  }
}
