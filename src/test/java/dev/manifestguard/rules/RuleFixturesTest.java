package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.manifestguard.engine.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every fixture of every rule, as one dynamic test per file. */
class RuleFixturesTest {

  @TestFactory
  List<DynamicTest> fixtures() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : RuleFixtures.REGISTRY.rules()) {
      for (RuleFixtures.Case c : RuleFixtures.cases(rule.meta().id())) {
        String name = rule.meta().id() + " " + c.file().getFileName();
        tests.add(
            dynamicTest(
                name,
                () -> {
                  List<String> actual = RuleFixtures.run(c);
                  if (c.fail()) {
                    assertThat(actual)
                        .as("findings of %s in %s", c.ruleId(), c.file())
                        .containsExactlyElementsOf(RuleFixtures.expected(c));
                  } else {
                    assertThat(actual)
                        .as("findings of %s in passing case %s", c.ruleId(), c.file())
                        .isEmpty();
                  }
                }));
      }
    }
    return tests;
  }
}
