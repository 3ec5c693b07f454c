package dev.manifestguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.rules.AllRules;
import dev.manifestguard.rules.RealWorldCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hostile and mangled input for {@link ManifestLoader}: alias bombs, deep nesting, huge strings,
 * and byte-level mutations of the real-world corpus, whose survivors must then pass through the
 * whole engine.
 */
class ManifestLoaderFuzzTest {
  private static final Path CORPUS = RealWorldCorpus.DIR;

  /** Hang guard only: the times are printed, the assertions are about outcomes. */
  private static final Duration HANG = Duration.ofSeconds(60);

  private static final ManifestLoader LOADER = new ManifestLoader();
  private static final RuleEngine ENGINE = new RuleEngine(AllRules.registry());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RULE_FAILURE =
      Pattern.compile("^rule (\\S+) could not interpret this object \\((.*)");

  private static List<String> corpus;

  @BeforeAll
  static void readCorpus() throws IOException {
    corpus = new ArrayList<>();
    for (String file : RealWorldCorpus.files()) {
      corpus.add(Files.readString(CORPUS.resolve(file)));
    }
  }

  private static LoadedSource timedLoad(String what, String file, String text) {
    return assertTimeoutPreemptively(
        HANG,
        () -> {
          long start = System.nanoTime();
          LoadedSource s = LOADER.load(file, text);
          System.out.printf(
              "%s (%,d chars): %d ms, %d objects, problems %s%n",
              what,
              text.length(),
              (System.nanoTime() - start) / 1_000_000,
              s.manifests().size(),
              s.problems().stream().map(p -> p.location() + " " + p.message()).toList());
          return s;
        });
  }

  // ---- alias bombs
  // --------------------------------------------------------------------------------------------

  /**
   * Billion laughs: {@code levels} anchors, each a collection of {@code width} aliases to the one
   * before.
   */
  private static String bomb(int levels, int width, boolean mappings) {
    StringBuilder sb =
        new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n");
    sb.append("  l0: &l0 \"lol\"\n");
    for (int i = 1; i <= levels; i++) {
      sb.append("  l").append(i).append(": &l").append(i).append(mappings ? " {" : " [");
      for (int j = 0; j < width; j++) {
        sb.append(j == 0 ? "" : ", ")
            .append(mappings ? "k" + j + ": " : "")
            .append("*l")
            .append(i - 1);
      }
      sb.append(mappings ? "}\n" : "]\n");
    }
    return sb.toString();
  }

  @Test
  @DisplayName("alias bombs in several shapes are refused with a ParseProblem naming aliases")
  void aliasBombs() {
    Map<String, String> bombs = new TreeMap<>();
    bombs.put("sequences 9x10", bomb(9, 10, false));
    bombs.put("mappings 9x10", bomb(9, 10, true));
    bombs.put("sequences 30x3", bomb(30, 3, false));
    bombs.put("sequences 4x50 (many aliases)", bomb(4, 50, false));
    bombs.put("mappings 20x4", bomb(20, 4, true));
    // merge keys pulling the same huge mapping in many times
    bombs.put("merge keys", bomb(9, 10, true) + "  m: {<<: [*l9, *l8, *l7]}\n");
    // the bomb is in a second document, after a good one
    bombs.put(
        "second document",
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\n" + bomb(9, 10, false));
    for (Map.Entry<String, String> b : bombs.entrySet()) {
      LoadedSource s = timedLoad("alias bomb " + b.getKey(), "bomb.yaml", b.getValue());
      assertThat(s.problems()).as(b.getKey()).hasSize(1);
      assertThat(s.problems().get(0).message()).as(b.getKey()).containsIgnoringCase("alias");
      assertThat(s.manifests()).as(b.getKey()).allMatch(m -> m.ref().kind().equals("Namespace"));
    }
  }

  @Test
  @DisplayName("a few aliases, as people write them for shared labels, still load")
  void modestAliasesLoad() {
    String yaml =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: &labels {app: web}\n"
            + "spec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n"
            + "    spec:\n      containers: [{name: web, image: nginx:1.27}]\n";
    LoadedSource s = LOADER.load("aliases.yaml", yaml);
    assertThat(s.problems()).isEmpty();
    assertThat(s.manifests()).hasSize(1);
    assertThat(s.manifests().get(0).object().at("/spec/template/metadata/labels/app").asText())
        .isEqualTo("web");
  }

  // ---- nesting and size
  // ---------------------------------------------------------------------------------------

  @Test
  @DisplayName("100,000 levels of nesting give a ParseProblem, not a StackOverflowError")
  void deepNesting() {
    int n = 100_000;
    Map<String, String[]> inputs = new TreeMap<>();
    inputs.put("json arrays", new String[] {"deep.json", "[".repeat(n) + "]".repeat(n)});
    inputs.put(
        "json objects", new String[] {"deep.json", "{\"a\":".repeat(n) + "1" + "}".repeat(n)});
    inputs.put(
        "json unclosed", new String[] {"deep.json", "{\"kind\":\"Pod\",\"x\":" + "[".repeat(n)});
    inputs.put("yaml flow sequences", new String[] {"deep.yaml", "[".repeat(n) + "]".repeat(n)});
    inputs.put(
        "yaml flow mappings",
        new String[] {"deep.yaml", "kind: Pod\nx: " + "{a: ".repeat(n) + "1" + "}".repeat(n)});
    inputs.put(
        "yaml block sequences",
        new String[] {"deep.yaml", "kind: Pod\nx:\n" + "- ".repeat(n) + "x\n"});
    inputs.put("yaml unclosed", new String[] {"deep.yaml", "kind: Pod\nx: " + "[".repeat(n)});
    for (Map.Entry<String, String[]> in : inputs.entrySet()) {
      LoadedSource s = timedLoad("nesting " + in.getKey(), in.getValue()[0], in.getValue()[1]);
      assertThat(s.problems()).as(in.getKey()).hasSize(1);
      assertThat(s.manifests()).as(in.getKey()).isEmpty();
    }
  }

  @Test
  @DisplayName("a multi-megabyte string value loads whole, in YAML and in JSON")
  void hugeStrings() {
    // SnakeYAML's reader copies its window for every chunk of a long scalar: 1 MiB ~0.3 s, 4 MiB ~5
    // s. The webhook
    // reads JSON (8 MiB in well under a second); 2 MiB is already more than the apiserver stores in
    // one object.
    String big = "x".repeat(2 * 1024 * 1024);
    String bigJson = "x".repeat(8 * 1024 * 1024);
    String head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n";
    Map<String, String[]> inputs = new TreeMap<>();
    inputs.put("yaml plain", new String[] {"big.yaml", head + "  v: " + big + "\n"});
    inputs.put("yaml quoted", new String[] {"big.yaml", head + "  v: \"" + big + "\"\n"});
    inputs.put("yaml literal", new String[] {"big.yaml", head + "  v: |\n    " + big + "\n"});
    inputs.put(
        "json",
        new String[] {
          "big.json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"v\":\""
              + bigJson
              + "\"}}"
        });
    for (Map.Entry<String, String[]> in : inputs.entrySet()) {
      LoadedSource s = timedLoad("huge string " + in.getKey(), in.getValue()[0], in.getValue()[1]);
      assertThat(s.problems()).as(in.getKey()).isEmpty();
      assertThat(s.manifests()).as(in.getKey()).hasSize(1);
      int length = in.getKey().equals("json") ? bigJson.length() : big.length();
      assertThat(s.manifests().get(0).object().at("/data/v").asText())
          .as(in.getKey())
          .startsWith("xxx")
          .hasSizeBetween(length, length + 1);
      assertThat(
              ENGINE.evaluate(
                  Review.offline(s.manifests().get(0)), Policy.DEFAULT, NoClusterState.INSTANCE))
          .as(in.getKey())
          .noneMatch(f -> RULE_FAILURE.matcher(f.message()).find());
    }
  }

  @Test
  @DisplayName(
      "a JSON number beyond BigDecimal's range is a ParseProblem (found by the mutation run)")
  void jsonExponentOverflow() {
    LoadedSource s = LOADER.load("n.json", "{\"kind\": \"Pod\", \"x\": 2381e9999999990}");
    assertThat(s.manifests()).isEmpty();
    assertThat(s.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("out of range"));
    LoadedSource yaml = LOADER.load("n.yaml", "kind: Pod\nx: 2381e9999999990\n");
    assertThat(yaml.problems()).isEmpty();
    assertThat(yaml.manifests().get(0).object().path("x").isTextual())
        .isTrue(); // as YAML has no bounds either
  }

  // ---- mutations of real manifests
  // ----------------------------------------------------------------------------

  private static final String[] SPLICES = {
    "&a ",
    "*a",
    "*a\n",
    "<<: *a\n",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "\t",
    "'",
    "\"",
    "#",
    "---\n",
    "...\n",
    "!!binary ",
    "!!int ",
    "!!float ",
    "!!map ",
    "!!python/object:os.system ",
    "!<tag:yaml.org,2002:str> ",
    "? ",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "\\u0000",
    "\u0000",
    "\ufeff",
    "\ud800",
    "0x1F",
    "1e999999999",
    "-0",
    ".inf",
    "~",
    "null",
    "yes",
    "12:30:45",
    "0o17",
    "017",
    "1_000",
    "2001-12-14t21:59:43.10-05:00",
    "\"\\uD800\"",
    "9".repeat(40),
    "\n  ",
    "\r\n",
    "\u2028",
    "kind: List\nitems:\n"
  };

  static String mutate(String text, Random r) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + r.nextInt(r.nextInt(4) == 0 ? 40 : 4);
    for (int e = 0; e < edits && sb.length() > 0; e++) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(8)) {
        case 0 -> sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << r.nextInt(8)))); // flip a bit
        case 1 -> sb.setCharAt(at, (char) r.nextInt(128));
        case 2 -> sb.delete(at, Math.min(sb.length(), at + 1 + r.nextInt(20)));
        case 3 -> sb.setLength(at); // truncate
        case 4 -> {
          int len = Math.min(sb.length() - at, 1 + r.nextInt(200));
          sb.insert(
              r.nextInt(sb.length()), sb.substring(at, at + len)); // duplicate a chunk elsewhere
        }
        default -> sb.insert(at, Fuzz.pick(r, SPLICES));
      }
    }
    return sb.toString();
  }

  @Test
  @DisplayName(
      "mutated real manifests only ever give ParseProblems, and whatever loads passes the engine")
  void mutatedCorpus() {
    Map<String, AtomicInteger> ruleFailures = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    AtomicInteger objects = new AtomicInteger();
    AtomicInteger problems = new AtomicInteger();
    Fuzz.run(
        "loader.mutations",
        50_000,
        r -> {
          String original = corpus.get(r.nextInt(corpus.size()));
          boolean asJson = r.nextInt(4) == 0;
          String text = original;
          if (asJson) {
            LoadedSource clean = LOADER.load("x.yaml", original);
            if (clean.manifests().isEmpty()) {
              return;
            }
            text =
                JSON.writeValueAsString(
                    clean.manifests().get(r.nextInt(clean.manifests().size())).object());
          }
          String mutated = mutate(text, r);
          LoadedSource s = LOADER.load(asJson ? "m.json" : "m.yaml", mutated);
          problems.addAndGet(s.problems().size());
          for (Manifest m : s.manifests()) {
            objects.incrementAndGet();
            for (Finding f :
                ENGINE.evaluate(Review.offline(m), Policy.DEFAULT, NoClusterState.INSTANCE)) {
              Matcher failure = RULE_FAILURE.matcher(f.message());
              if (failure.find()) {
                ruleFailures
                    .computeIfAbsent(failure.group(1), k -> new AtomicInteger())
                    .incrementAndGet();
                examples.putIfAbsent(
                    failure.group(1),
                    failure.group(2) + "\n    object: " + truncate(m.object().toString(), 600));
              }
            }
          }
        });
    System.out.printf(
        "mutations: %d objects evaluated, %d parse problems%n", objects.get(), problems.get());
    ruleFailures.forEach(
        (rule, n) ->
            System.out.printf(
                "rule %s threw %d times, e.g. %s%n", rule, n.get(), examples.get(rule)));
    assertThat(objects.get()).isGreaterThan(0);
    assertThat(ruleFailures)
        .as("rules that threw on mutated manifests (each is a rule bug)")
        .isEmpty();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  @Test
  @DisplayName("random bytes in any encoding only ever give ParseProblems")
  void randomBytes() {
    Fuzz.run(
        "loader.bytes",
        20_000,
        r -> {
          byte[] bytes = new byte[Fuzz.length(r, 200, 20_000)];
          r.nextBytes(bytes);
          String text =
              new String(
                  bytes, r.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
          for (String file : new String[] {"r.yaml", "r.json"}) {
            LoadedSource s = LOADER.load(file, text);
            for (Manifest m : s.manifests()) {
              ENGINE.evaluate(Review.offline(m), Policy.DEFAULT, NoClusterState.INSTANCE);
            }
          }
        });
  }
}
