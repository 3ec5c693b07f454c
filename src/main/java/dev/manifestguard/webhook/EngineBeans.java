package dev.manifestguard.webhook;

import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.rules.AllRules;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The rule catalogue and the engine as CDI beans for the webhook (the CLI builds its own without
 * CDI).
 */
@Dependent
public class EngineBeans {

  @Produces
  @Singleton
  @DefaultBean
  public RuleRegistry registry() {
    return AllRules.registry();
  }

  @Produces
  @Singleton
  public RuleEngine engine(RuleRegistry registry) {
    return new RuleEngine(registry);
  }
}
