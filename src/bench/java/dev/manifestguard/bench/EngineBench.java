package dev.manifestguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.rules.AllRules;
import dev.manifestguard.model.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The engine alone, without HTTP: a plain warm loop over the benchmark's request mix (src/bench/mix/).
 *
 * <pre>
 * java -cp CLASSPATH dev.manifestguard.bench.EngineBench engine MIX_DIR SECONDS   # one JSON line on stdout
 * java -cp CLASSPATH dev.manifestguard.bench.EngineBench rule-ids                 # every rule id, one a line
 * java -cp CLASSPATH dev.manifestguard.bench.EngineBench cost MIX_DIR ITERATIONS   # per item: bytes, CPU us
 * java -cp CLASSPATH dev.manifestguard.bench.EngineBench rules MIX_DIR SECONDS     # per rule: CPU us per mix round
 * java -cp CLASSPATH dev.manifestguard.bench.EngineBench cold MIX_DIR ITERATIONS [EVICT_KB] # per item: warm vs cold
 * </pre>
 *
 * Not a test: it prints figures and asserts nothing. Run it pinned to one core (taskset -c 0).
 */
public final class EngineBench {
  private static volatile long sink;

  private EngineBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("rule-ids")) {
      AllRules.registry().ids().stream().sorted().forEach(System.out::println);
      return;
    }
    if (args.length == 3 && args[0].equals("cost")) {
      cost(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    if (args.length == 3 && args[0].equals("rules")) {
      ruleCost(Path.of(args[1]), Double.parseDouble(args[2]));
      return;
    }
    if ((args.length == 3 || args.length == 4) && args[0].equals("cold")) {
      cold(Path.of(args[1]), Integer.parseInt(args[2]), args.length == 4 ? Integer.parseInt(args[3]) : 2048);
      return;
    }
    if (args.length != 3 || !args[0].equals("engine")) {
      System.err.println("usage: EngineBench engine MIX_DIR SECONDS | rule-ids | cost MIX_DIR ITERATIONS"
          + " | rules MIX_DIR SECONDS | cold MIX_DIR ITERATIONS [EVICT_KB]");
      System.exit(2);
    }
    Path mix = Path.of(args[1]);
    double seconds = Double.parseDouble(args[2]);
    ObjectMapper json = new ObjectMapper();
    List<String> order = new ArrayList<>();
    for (String line : Files.readAllLines(mix.resolve("order.txt"))) {
      if (!line.isBlank()) {
        order.add(line.trim());
      }
    }
    JsonNode[] requests = new JsonNode[order.size()];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = json.readTree(mix.resolve(order.get(i) + ".json").toFile()).path("request");
    }

    RuleEngine engine = new RuleEngine(AllRules.registry());
    Policy policy = Policy.DEFAULT;
    java.util.Set<String> shown = new java.util.HashSet<>();
    for (int i = 0; i < requests.length; i++) {
      if (!shown.add(order.get(i))) {
        continue;
      }
      List<Finding> findings = engine.evaluate(review(requests[i]), policy, NoClusterState.INSTANCE);
      long denies = findings.stream().filter(f -> f.action() == Action.DENY).count();
      System.err.printf(Locale.ROOT, "engine: %-24s %s, %d finding(s)%n", order.get(i),
          denies > 0 ? "denied" : "allowed", findings.size());
    }

    long warmupEnd = System.nanoTime() + (long) (Math.min(5.0, Math.max(1.0, seconds / 3)) * 1e9);
    int i = 0;
    while (System.nanoTime() < warmupEnd) {
      sink += engine.evaluate(review(requests[i]), policy, NoClusterState.INSTANCE).size();
      i = (i + 1) % requests.length;
    }

    long[] lat = new long[1 << 20];
    int n = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now = start;
    while (now < end) {
      long t0 = now;
      sink += engine.evaluate(review(requests[i]), policy, NoClusterState.INSTANCE).size();
      now = System.nanoTime();
      if (n == lat.length) {
        lat = Arrays.copyOf(lat, lat.length * 2);
      }
      lat[n++] = now - t0;
      i = (i + 1) % requests.length;
    }
    double elapsed = (now - start) / 1e9;
    // Sample k was request (first + k) % length: the mean per mix item shows which kind of object costs what.
    int first = (i - n % requests.length + requests.length) % requests.length;
    java.util.Map<String, double[]> perItem = new java.util.LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      double[] acc = perItem.computeIfAbsent(order.get((first + k) % requests.length), x -> new double[2]);
      acc[0] += lat[k];
      acc[1]++;
    }
    perItem.forEach((name, acc) -> System.err.printf(Locale.ROOT, "engine: %-24s mean %8.1f us%n", name,
        acc[0] / acc[1] / 1e3));
    long[] sorted = Arrays.copyOf(lat, n);
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT,
        "{\"reviews_per_s\": %.0f, \"p10_us\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f, \"max_us\": %.1f, \"reviews\": %d}%n",
        n / elapsed, pct(sorted, 0.10) / 1e3, pct(sorted, 0.50) / 1e3, pct(sorted, 0.99) / 1e3, sorted[n - 1] / 1e3, n);
  }

  /**
   * Per mix item, alone and warm: bytes allocated and thread CPU time per review. Allocation is
   * exact and independent of the machine's load; thread CPU time is less disturbed by other
   * processes than wall time (no instruction counters on the shared builder).
   */
  private static void cost(Path mix, int iterations) throws IOException {
    ObjectMapper json = new ObjectMapper();
    RuleEngine engine = new RuleEngine(AllRules.registry());
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    List<String> names = distinctItems(mix);
    JsonNode[] all = new JsonNode[names.size()];
    for (int k = 0; k < all.length; k++) {
      all[k] = json.readTree(mix.resolve(names.get(k) + ".json").toFile()).path("request");
    }
    // Warm every item together first, so the JIT sees the whole mix as the server does.
    for (int r = 0; r < iterations; r++) {
      for (JsonNode req : all) {
        sink += engine.evaluate(review(req), Policy.DEFAULT, NoClusterState.INSTANCE).size();
      }
    }
    for (int k = 0; k < all.length; k++) {
      JsonNode req = all[k];
      double best = Double.MAX_VALUE;
      long bytes = 0;
      for (int round = 0; round < 5; round++) {
        long b0 = mx.getThreadAllocatedBytes(tid);
        long c0 = mx.getCurrentThreadCpuTime();
        for (int r = 0; r < iterations; r++) {
          sink += engine.evaluate(review(req), Policy.DEFAULT, NoClusterState.INSTANCE).size();
        }
        long c1 = mx.getCurrentThreadCpuTime();
        bytes = (mx.getThreadAllocatedBytes(tid) - b0) / iterations;
        best = Math.min(best, (c1 - c0) / 1e3 / iterations);
      }
      System.out.printf(Locale.ROOT, "cost: %-24s %9d bytes/review %9.1f us CPU/review (best of 5)%n",
          names.get(k), bytes, best);
    }
  }

  /**
   * Per rule, warm: time spent in each rule over one round of the mix, every rule sharing one
   * context per review as in the engine (so the per-object facts are charged to the first rule that
   * asks for them). Shows which rules the engine's time goes to.
   */
  private static void ruleCost(Path mix, double seconds) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Review> reviews = new ArrayList<>();
    for (String line : Files.readAllLines(mix.resolve("order.txt"))) {
      if (!line.isBlank()) {
        reviews.add(review(json.readTree(mix.resolve(line.trim() + ".json").toFile()).path("request")));
      }
    }
    List<dev.manifestguard.engine.Rule> rules = new ArrayList<>(AllRules.registry().rules());
    long[] nanos = new long[rules.size()];
    dev.manifestguard.engine.Findings out = new dev.manifestguard.engine.Findings();
    long rounds = 0;
    long warmEnd = System.nanoTime() + (long) (seconds / 2 * 1e9);
    long end = warmEnd + (long) (seconds / 2 * 1e9);
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      if (now < warmEnd) {
        java.util.Arrays.fill(nanos, 0);
        rounds = 0;
      }
      for (Review r : reviews) {
        dev.manifestguard.engine.RuleContext ctx = new dev.manifestguard.engine.RuleContext(
            r, NoClusterState.INSTANCE, Policy.DEFAULT.settings());
        for (int k = 0; k < nanos.length; k++) {
          long t0 = System.nanoTime();
          try {
            rules.get(k).check(ctx, out);
          } catch (RuntimeException e) {
            // the engine reports these; here only the time counts
          }
          nanos[k] += System.nanoTime() - t0;
          sink += out.drain().size();
        }
      }
      rounds++;
    }
    long total = java.util.Arrays.stream(nanos).sum();
    Integer[] idx = new Integer[nanos.length];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k;
    }
    Arrays.sort(idx, (a, b) -> Long.compare(nanos[b], nanos[a]));
    for (int k : idx) {
      System.out.printf(Locale.ROOT, "rule: %-36s %8.1f us/round %5.1f%%%n", rules.get(k).meta().id(),
          nanos[k] / 1e3 / rounds, 100.0 * nanos[k] / total);
    }
    System.out.printf(Locale.ROOT, "rule: %-36s %8.1f us/round (%d rounds of %d reviews)%n", "(sum)",
        total / 1e3 / rounds, rounds, reviews.size());
  }

  /**
   * Per mix item, the engine's time on one review in three settings, interleaved so that the
   * machine's drift falls on all three alike: warm (a tree parsed once at the start, right after
   * the engine ran on the same item, so its code is in the caches, as in {@code engine}),
   * fresh (a tree just parsed from the body, as the webhook does, with duplicate-key detection) and
   * evicted (the same tree after EVICT_KB of other memory was written, as TLS, Netty and the parser
   * do between two reviews in the server). Also the parse's own time. Medians and 10th percentiles.
   */
  private static void cold(Path mix, int iterations, int evictKb) throws IOException {
    ObjectMapper json = new ObjectMapper(
        com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
    // As the webhook parses; -Djackson-nodes=true for Jackson's own (LinkedHashMap) objects.
    if (!Boolean.getBoolean("jackson-nodes")) {
      json.setNodeFactory(dev.manifestguard.load.CompactNodes.INSTANCE);
    }
    RuleEngine engine = new RuleEngine(AllRules.registry());
    byte[] other = new byte[evictKb << 10];
    List<String> names = distinctItems(mix);
    byte[][] bodies = new byte[names.size()][];
    JsonNode[] trees = new JsonNode[names.size()];
    for (int k = 0; k < names.size(); k++) {
      bodies[k] = Files.readAllBytes(mix.resolve(names.get(k) + ".json"));
      trees[k] = json.readTree(bodies[k]).path("request");
    }
    // [item][setting][iteration]; settings: parse, warm, fresh, evicted. The first pass warms up.
    long[][][] nanos = new long[names.size()][4][iterations];
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < iterations; i++) {
        for (int k = 0; k < names.size(); k++) {
          long t0 = System.nanoTime();
          JsonNode fresh = json.readTree(bodies[k]).path("request");
          long t1 = System.nanoTime();
          sink += engine.evaluate(review(fresh), Policy.DEFAULT, NoClusterState.INSTANCE).size();
          long t2 = System.nanoTime();
          sink += engine.evaluate(review(trees[k]), Policy.DEFAULT, NoClusterState.INSTANCE).size();
          long t3 = System.nanoTime();
          for (int b = 0; b < other.length; b += 64) {
            other[b]++;
          }
          long t4 = System.nanoTime();
          sink += engine.evaluate(review(trees[k]), Policy.DEFAULT, NoClusterState.INSTANCE).size();
          long t5 = System.nanoTime();
          nanos[k][0][i] = t1 - t0;
          nanos[k][1][i] = t3 - t2;
          nanos[k][2][i] = t2 - t1;
          nanos[k][3][i] = t5 - t4;
        }
      }
    }
    System.out.printf(Locale.ROOT, "cold: %-24s %17s %17s %17s %17s   (p50 / p10, us; evicted: %d KB written)%n",
        "item", "parse", "engine warm", "engine fresh", "engine evicted", evictKb);
    for (int k = 0; k < names.size(); k++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "cold: %-24s", names.get(k)));
      for (long[] setting : nanos[k]) {
        Arrays.sort(setting);
        line.append(String.format(Locale.ROOT, " %8.1f / %6.1f", pct(setting, 0.5) / 1e3, pct(setting, 0.1) / 1e3));
      }
      System.out.println(line);
    }
  }

  /** The mix's items, each once, in the order they first appear in order.txt. */
  private static List<String> distinctItems(Path mix) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(mix.resolve("order.txt"))) {
      if (!line.isBlank() && !names.contains(line.trim())) {
        names.add(line.trim());
      }
    }
    return names;
  }

  /** What the webhook builds from an AdmissionRequest: the object, its namespace, the old object on UPDATE. */
  private static Review review(JsonNode request) {
    String ns = request.path("namespace").asText("");
    JsonNode old = request.path("oldObject");
    return Review.admission(Manifest.of(request.path("object"), ns),
        old.isObject() ? Manifest.of(old, ns) : null,
        request.path("dryRun").asBoolean(false),
        request.path("userInfo").path("username").asText(null));
  }

  private static long pct(long[] sorted, double q) {
    int idx = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
