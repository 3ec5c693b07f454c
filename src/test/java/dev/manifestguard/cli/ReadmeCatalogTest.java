package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * README.md's rule catalogue is the output of {@code check --list-rules -o markdown}. Regenerate it
 * with {@code ./mvnw -B test -Dtest=ReadmeCatalogTest -Dmg.write.readme=true}.
 */
class ReadmeCatalogTest {
  private static final Path README = Path.of("README.md");
  private static final String START = "<!-- rule-catalogue:start -->\n";
  private static final String END = "<!-- rule-catalogue:end -->";

  @Test
  @DisplayName("the catalogue in README.md matches check --list-rules -o markdown")
  void readmeCatalogueIsCurrent() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        CheckCommand.run(
            new String[] {"--list-rules", "-o", "markdown"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));
    assertThat(code).isZero();
    String generated = out.toString(StandardCharsets.UTF_8);
    String readme = Files.readString(README);
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertThat(start).as("catalogue markers in README.md").isNotNegative();
    assertThat(end).isGreaterThan(start);
    String current = readme.substring(start + START.length(), end);
    if (Boolean.getBoolean("mg.write.readme") && !current.equals(generated)) {
      Files.writeString(
          README, readme.substring(0, start + START.length()) + generated + readme.substring(end));
      current = generated;
    }
    assertThat(current)
        .as("README.md rule catalogue; regenerate with -Dmg.write.readme=true")
        .isEqualTo(generated);
  }
}
