package dev.manifestguard.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.rules.AllRules;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyHolderTest {
  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  PolicyHolder holder(Path file) {
    // a long interval: the test drives poll() itself
    return new PolicyHolder(file.toString(), Duration.ofHours(1), AllRules.registry(), meters);
  }

  double reloads(String result) {
    return meters.get("manifest_guard.policy.reloads").tag("result", result).counter().count();
  }

  @Test
  @DisplayName("a missing file means the default policy")
  void missing() {
    PolicyHolder h = holder(dir.resolve("policy.yaml"));
    h.start(null);
    assertThat(h.policy()).isEqualTo(Policy.DEFAULT);
    h.stop(null);
  }

  @Test
  @DisplayName("an invalid policy at startup stops the webhook with the reason")
  void invalidAtStartup() throws Exception {
    Path file = Files.writeString(dir.resolve("policy.yaml"), "rules:\n  no-such-rule: deny\n");
    assertThatThrownBy(() -> holder(file).start(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-rule")
        .hasMessageContaining(file.toString());
  }

  @Test
  @DisplayName("changes are applied, a broken file keeps the last good policy, a removed file too")
  void reloads() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("policy.yaml"), "rules:\n  resource-quantity-negative: warn\n");
    PolicyHolder h = holder(file);
    h.start(null);
    assertThat(h.policy().rules()).containsEntry("resource-quantity-negative", Action.WARN);

    h.poll();
    assertThat(reloads("success")).isZero(); // nothing changed

    Files.writeString(file, "rules:\n  resource-quantity-negative: audit\n");
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    h.poll();
    assertThat(h.policy().rules()).containsEntry("resource-quantity-negative", Action.AUDIT);
    assertThat(reloads("success")).isEqualTo(1.0);

    Files.writeString(file, "rules: [oops\n");
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10000));
    h.poll();
    h.poll();
    assertThat(h.policy().rules()).containsEntry("resource-quantity-negative", Action.AUDIT);
    assertThat(reloads("failure")).isEqualTo(1.0); // reported once, not at every poll

    Files.delete(file);
    h.poll();
    assertThat(h.policy().rules()).containsEntry("resource-quantity-negative", Action.AUDIT);
    assertThat(reloads("failure")).isEqualTo(2.0);
    h.stop(null);
  }
}
