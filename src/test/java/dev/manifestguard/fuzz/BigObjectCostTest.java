package dev.manifestguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.rules.AllRules;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Objects far bigger than any real one, each evaluated by the whole engine. The webhook's timeout
 * is 5 s; the times are printed (shared CI machines make thresholds flaky), the assertions are
 * about the findings, and a generous preemptive timeout catches a hang.
 */
class BigObjectCostTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final RuleEngine ENGINE = new RuleEngine(AllRules.registry());
  private static final Duration HANG = Duration.ofSeconds(60);

  private static List<Finding> evaluate(String what, ObjectNode object) {
    Manifest m = Manifest.of(object, "default");
    return assertTimeoutPreemptively(
        HANG,
        () -> {
          ENGINE.evaluate(
              Review.offline(m),
              Policy.DEFAULT,
              NoClusterState.INSTANCE); // warm-up: class loading, JIT
          long start = System.nanoTime();
          List<Finding> findings =
              ENGINE.evaluate(Review.offline(m), Policy.DEFAULT, NoClusterState.INSTANCE);
          System.out.printf(
              "big object %s: %d ms, %d findings%n",
              what, (System.nanoTime() - start) / 1_000_000, findings.size());
          assertThat(findings).as(what).noneMatch(f -> f.message().startsWith("rule "));
          return findings;
        });
  }

  private static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode o = F.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    o.putObject("metadata").put("name", name).put("namespace", "default");
    return o;
  }

  private static List<Finding> of(List<Finding> findings, String rule) {
    return findings.stream().filter(f -> f.rule().equals(rule)).toList();
  }

  @Test
  @DisplayName("a Pod with 20,000 containers")
  void twentyThousandContainers() {
    ObjectNode pod = object("v1", "Pod", "huge");
    ArrayNode containers = pod.putObject("spec").putArray("containers");
    for (int i = 0; i < 20_000; i++) {
      ObjectNode c =
          containers.addObject().put("name", "c" + i).put("image", "registry.example/app:1." + i);
      ObjectNode res = c.putObject("resources");
      res.putObject("requests").put("cpu", "100m").put("memory", "64Mi");
      res.putObject("limits").put("memory", i == 19_999 ? "512MB" : "128Mi");
    }
    List<Finding> findings = evaluate("Pod with 20,000 containers", pod);
    assertThat(of(findings, "resource-quantity-invalid"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.path()).isEqualTo("spec.containers[19999].resources.limits.memory"));
  }

  @Test
  @DisplayName("a NetworkPolicy with 5,000 ipBlocks")
  void fiveThousandIpBlocks() {
    ObjectNode np = object("networking.k8s.io/v1", "NetworkPolicy", "many-blocks");
    ObjectNode spec = np.putObject("spec");
    spec.putObject("podSelector");
    ArrayNode from = spec.putArray("ingress").addObject().putArray("from");
    for (int i = 0; i < 5_000; i++) {
      ObjectNode block =
          from.addObject()
              .putObject("ipBlock")
              .put("cidr", "10." + (i / 256) + "." + (i % 256) + ".0/24");
      block
          .putArray("except")
          .add("10." + (i / 256) + "." + (i % 256) + (i == 4_999 ? ".0/23" : ".128/25"));
    }
    List<Finding> findings = evaluate("NetworkPolicy with 5,000 ipBlocks", np);
    assertThat(of(findings, "networkpolicy-except-outside-cidr"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.path()).isEqualTo("spec.ingress[0].from[4999].ipBlock.except[0]"));
  }

  @Test
  @DisplayName("a MetalLB pool with 5,000 addresses, the last overlapping the first")
  void fiveThousandPoolAddresses() {
    ObjectNode pool = object("metallb.io/v1beta1", "IPAddressPool", "many");
    pool.with("metadata").put("namespace", "metallb-system");
    ArrayNode addresses = pool.putObject("spec").putArray("addresses");
    for (int i = 0; i < 4_999; i++) {
      addresses.add(
          i % 2 == 0
              ? "192.168." + (i / 256) + "." + (i % 256) + "/32"
              : "fd00::" + Integer.toHexString(i) + ":0-fd00::" + Integer.toHexString(i) + ":ff");
    }
    addresses.add("192.168.0.0/31");
    List<Finding> findings = evaluate("MetalLB pool with 5,000 addresses", pool);
    assertThat(of(findings, "cidr-overlap"))
        .singleElement()
        .satisfies(f -> assertThat(f.path()).isEqualTo("spec.addresses[4999]"));
  }

  @Test
  @DisplayName("a MetalLB pool with 100,000 disjoint addresses (what fits in a 3 MiB request)")
  void hundredThousandPoolAddresses() {
    ObjectNode pool = object("metallb.io/v1beta1", "IPAddressPool", "flood");
    pool.with("metadata").put("namespace", "metallb-system");
    ArrayNode addresses = pool.putObject("spec").putArray("addresses");
    for (int i = 0; i < 100_000; i++) {
      addresses.add("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + "/32");
    }
    assertThat(of(evaluate("MetalLB pool with 100,000 addresses", pool), "cidr-overlap")).isEmpty();
  }

  @Test
  @DisplayName("a 3 MB label value")
  void hugeLabel() {
    ObjectNode cm = object("v1", "ConfigMap", "big-label");
    cm.with("metadata")
        .putObject("labels")
        .put("app.kubernetes.io/name", "x".repeat(3 * 1024 * 1024));
    cm.putObject("data").put("k", "v");
    evaluate("ConfigMap with a 3 MB label value", cm);
  }

  @Test
  @DisplayName("quantities with extreme exponents in every place the resource rules do arithmetic")
  void extremeExponents() {
    ObjectNode pod = object("v1", "Pod", "exponents");
    ObjectNode spec = pod.putObject("spec");
    String[] values = {
      "1e999999999",
      "1e-999999999",
      "1m",
      "9Ei",
      "1e2147483000",
      "1e-2147483000",
      "1e100000",
      "1e-100000",
      "3e41",
      "7e-41"
    };
    ArrayNode containers = spec.putArray("containers");
    for (int i = 0; i < values.length; i++) {
      ObjectNode res =
          containers.addObject().put("name", "c" + i).put("image", "app:1").putObject("resources");
      res.putObject("requests")
          .put("cpu", values[i])
          .put("memory", values[(i + 1) % values.length])
          .put("example.com/gpu", values[(i + 2) % values.length])
          .put("hugepages-2Mi", values[(i + 3) % values.length]);
      res.putObject("limits")
          .put("cpu", values[(i + 3) % values.length])
          .put("memory", values[i])
          .put("example.com/gpu", values[(i + 4) % values.length])
          .put("hugepages-2Mi", values[(i + 5) % values.length]);
    }
    ArrayNode init = spec.putArray("initContainers");
    for (int i = 0; i < values.length; i++) {
      ObjectNode c = init.addObject().put("name", "i" + i).put("image", "app:1");
      if (i % 2 == 0) {
        c.put("restartPolicy", "Always");
      }
      c.putObject("resources")
          .putObject("requests")
          .put("cpu", values[i])
          .put("memory", values[values.length - 1 - i]);
    }
    ObjectNode podResources = spec.putObject("resources");
    podResources.putObject("requests").put("cpu", "1m").put("memory", "1e-999999999");
    podResources.putObject("limits").put("cpu", "1e-999999999").put("memory", "1m");
    spec.putObject("overhead").put("cpu", "1e999999999");
    evaluate("Pod with extreme exponents", pod);

    ObjectNode lr = object("v1", "LimitRange", "exponents");
    ObjectNode limit = lr.putObject("spec").putArray("limits").addObject().put("type", "Container");
    limit.putObject("min").put("cpu", "1e999999999").put("memory", "1e-999999999");
    limit.putObject("max").put("cpu", "1e-999999999").put("memory", "1e999999999");
    limit.putObject("default").put("cpu", "1m").put("memory", "1e2147483000");
    limit.putObject("defaultRequest").put("cpu", "1e999999999").put("memory", "1");
    limit.putObject("maxLimitRequestRatio").put("cpu", "1e-999999999");
    evaluate("LimitRange with extreme exponents", lr);
  }
}
