package dev.manifestguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.manifestguard.cli.CheckCommandTest.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code check} parses and evaluates on {@code MANIFEST_GUARD_CHECK_THREADS} threads: the output is
 * the same, byte for byte, whatever their number.
 */
class ParallelCheckTest {
  /** Every rule fixture: hundreds of files, findings of every rule, references across files. */
  static final String FIXTURES = "src/test/resources/rules";

  static Result run(String threads, String... args) {
    return CheckCommandTest.withEnv(Map.of(Parallel.THREADS_ENV, threads), args);
  }

  @Test
  void sameOutputWithOneThreadAndWithMany() {
    for (String format : new String[] {"json", "text", "sarif", "junit"}) {
      Result one = run("1", "-o", format, FIXTURES);
      assertThat(one.err()).isEmpty();
      assertThat(one.code()).isEqualTo(CheckCommand.DENIED);
      for (String threads : new String[] {"2", "3", "8"}) {
        Result many = run(threads, "-o", format, FIXTURES);
        assertThat(many.code()).as(format + ", " + threads + " threads").isEqualTo(one.code());
        assertThat(many.out()).as(format + ", " + threads + " threads").isEqualTo(one.out());
        assertThat(many.err()).isEmpty();
      }
    }
    // Not a trivial output: findings of many rules in many files.
    String json = run("4", "-o", "json", FIXTURES).out();
    assertThat(json.split("\"rule\" : ", -1).length).isGreaterThan(500);
    assertThat(json).contains("service-selector-matches-nothing", "kind-unknown", "schema-invalid");
  }

  @Test
  void sameOutputForEveryFileGivenOnItsOwnAndInOneRun() {
    // The order of the files as given is kept: the last file first here.
    Result one = run("1", "-o", "json", FIXTURES + "/schema-invalid", FIXTURES + "/cidr-overlap");
    Result many = run("2", "-o", "json", FIXTURES + "/schema-invalid", FIXTURES + "/cidr-overlap");
    assertThat(many.out()).isEqualTo(one.out());
    assertThat(one.out().indexOf("schema-invalid/")).isLessThan(one.out().indexOf("cidr-overlap/"));
  }

  @Test
  void threadCountMustBeAPositiveNumber() {
    for (String bad : new String[] {"0", "-1", "many", "1000"}) {
      Result r = run(bad, "-o", "json", FIXTURES);
      assertThat(r.code()).as(bad).isEqualTo(CheckCommand.USAGE);
      assertThat(r.err())
          .isEqualTo(
              "check: MANIFEST_GUARD_CHECK_THREADS=\""
                  + bad
                  + "\": expected a number from 1 to 256\n");
      assertThat(r.out()).isEmpty();
    }
  }
}
