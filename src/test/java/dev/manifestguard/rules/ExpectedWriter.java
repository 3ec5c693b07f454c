package dev.manifestguard.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the current findings of fail fixtures that have no expected file yet, for review before
 * commit: {@code ./mvnw test -Dtest=ExpectedWriter -Dmg.write.expected=<rule-id>}. Does nothing
 * otherwise.
 */
class ExpectedWriter {
  @org.junit.jupiter.api.Test
  void write() throws Exception {
    String rule = System.getProperty("mg.write.expected");
    if (rule == null || rule.isBlank()) {
      return;
    }
    for (String id : rule.split(",")) {
      for (RuleFixtures.Case c : RuleFixtures.cases(id.trim())) {
        String n = c.file().getFileName().toString();
        Path exp = c.file().resolveSibling(n.substring(0, n.lastIndexOf('.')) + ".expected");
        if (c.fail() && !Files.exists(exp)) {
          List<String> lines = RuleFixtures.run(c);
          Files.write(exp, lines);
          System.out.println("wrote " + exp + ":\n  " + String.join("\n  ", lines));
        }
      }
    }
  }
}
