package dev.manifestguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy file changed under load, mounted like a ConfigMap ({@code policy.yaml ->
 * ..data/policy.yaml}, swapped atomically): a rule turned off changes verdicts, a broken policy is
 * refused (the last good one stays in force, the failure counter and the log say so), a fixed one
 * applies again. No review fails meanwhile.
 */
class PolicyReloadIT {
  static final String DEFAULT = "rules: {}\n";
  static final String RULE_OFF = "rules:\n  resource-quantity-negative: \"off\"\n";
  static final String BROKEN = "rules:\n  resource-quantity-negativ: \"off\"\n";
  static final String SUCCESS = "manifest_guard_policy_reloads_total{result=\"success\"}";
  static final String FAILURE = "manifest_guard_policy_reloads_total{result=\"failure\"}";

  @TempDir Path tmp;
  int version;

  void mount(Path dir, String text) throws IOException {
    String name = "..v" + (++version);
    Files.createDirectories(dir.resolve(name));
    Files.writeString(dir.resolve(name).resolve("policy.yaml"), text);
    Path link = dir.resolve("..data_tmp");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, Path.of(name));
    Files.move(
        link,
        dir.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A time span and whether the negative-memory Rollout must be allowed in it (other items: as in
   * the mix).
   */
  record Phase(String name, long from, long to, boolean negativeAllowed) {}

  @Test
  @DisplayName(
      "rule off, broken policy, fixed again under load: verdicts follow, the last good policy stays, 0 failures")
  void reloadUnderLoad() throws Exception {
    Mix mix = new Mix();
    Mix.Item negative = mix.items.get("rollout-negative-memory");
    Path dir = tmp.resolve("policy");
    Files.createDirectories(dir);
    mount(dir, DEFAULT);
    Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data/policy.yaml"));
    try (WebhookJar jar =
        WebhookJar.start(
            tmp,
            Map.of(
                "MANIFEST_GUARD_POLICY",
                dir.resolve("policy.yaml").toString(),
                "MANIFEST_GUARD_POLICY_POLL_INTERVAL",
                "0.2s"))) {
      List<Phase> phases = new ArrayList<>();
      Stream stream = new Stream(mix, jar.httpPort, false, 4, mix.items.get("rollout-200c"), 5);
      try {
        GracefulShutdownIT.awaitAnswers(stream, 20);
        long t = System.nanoTime();
        assertThat(verdict(jar, negative)).as("denied by default").isFalse();
        Thread.sleep(1000);
        phases.add(new Phase("default", 0, System.nanoTime(), false));

        double success = jar.metric(SUCCESS);
        mount(dir, RULE_OFF);
        long changed = System.nanoTime();
        await(
            "the rule turned off",
            () -> verdict(jar, negative) && jar.metric(SUCCESS) == success + 1);
        long applied = System.nanoTime();
        Thread.sleep(1500);

        double failure = jar.metric(FAILURE);
        mount(dir, BROKEN);
        await("the broken policy refused", () -> jar.metric(FAILURE) == failure + 1);
        assertThat(verdict(jar, negative)).as("the last good policy (rule off) in force").isTrue();
        Thread.sleep(1500);
        assertThat(jar.metric(SUCCESS)).isEqualTo(success + 1);
        // From the change until the fix is swapped in, the rule stays off.
        mount(dir, DEFAULT);
        long fixed = System.nanoTime();
        phases.add(new Phase("rule off, then broken", applied, fixed, true));
        await(
            "the fixed policy",
            () -> !verdict(jar, negative) && jar.metric(SUCCESS) == success + 2);
        long fixedApplied = System.nanoTime();
        Thread.sleep(1500);
        phases.add(new Phase("fixed", fixedApplied, System.nanoTime(), false));
        assertThat(changed).isGreaterThan(t);
      } finally {
        stream.stop();
      }
      String log = jar.logText();
      assertThat(log)
          .contains("changed but is invalid, keeping the previous policy")
          .contains("resource-quantity-negativ");
      assertThat(jar.metric(FAILURE)).isEqualTo(1);

      List<Stream.Sent> sent = stream.sent();
      System.out.printf(
          "policy reload: %d reviews, %d failed%n",
          sent.size(),
          sent.stream().filter(s -> Mix.response(s.item(), s.result()) == null).count());
      assertThat(sent).as("reviews").hasSizeGreaterThan(50);
      assertThat(
              sent.stream()
                  .filter(s -> Mix.response(s.item(), s.result()) == null)
                  .map(Stream.Sent::toString))
          .as("failed reviews")
          .isEmpty();
      for (Phase phase : phases) {
        Predicate<Stream.Sent> inside =
            s -> s.startNanos() >= phase.from() && s.endNanos() <= phase.to();
        List<Stream.Sent> in = sent.stream().filter(inside).toList();
        assertThat(in.stream().filter(s -> s.item() == negative))
            .as("%s: negative-memory Rollouts", phase.name())
            .isNotEmpty()
            .allMatch(
                s ->
                    Mix.response(s.item(), s.result()).path("allowed").asBoolean()
                        == phase.negativeAllowed());
        assertThat(in.stream().filter(s -> s.item() != negative))
            .as("%s: the rest of the mix as expected", phase.name())
            .allMatch(
                s ->
                    Mix.response(s.item(), s.result()).path("allowed").asBoolean()
                        == s.item().allowed());
      }
    }
  }

  static boolean verdict(WebhookJar jar, Mix.Item item) {
    OneShot.Result r = OneShot.post(jar.httpPort, false, "/validate", item.body());
    assertThat(Mix.response(item, r)).as("answer to %s: %s", item.name(), r).isNotNull();
    return Mix.response(item, r).path("allowed").asBoolean();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!check.ok()) {
      assertThat(System.nanoTime()).as("%s within 30 s", what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
