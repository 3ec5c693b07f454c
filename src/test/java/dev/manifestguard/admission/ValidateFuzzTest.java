package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.fuzz.Fuzz;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid AdmissionReviews posted to {@code /validate}: every answer is a 200
 * verdict or a 4xx with a JSON message, never a 5xx, and the webhook still answers a valid review
 * afterwards. Budget and seed as in {@link Fuzz} ({@code -Dmg.fuzz.iterations}, {@code
 * -Dmg.fuzz.seed}).
 */
@QuarkusTest
class ValidateFuzzTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static List<String> seeds() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path dir : List.of(Reviews.OWN, Reviews.CONFORMANCE)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          String text = Reviews.read(f);
          try {
            JsonNode tree = Reviews.JSON.readTree(text);
            if (tree.path("kind").asText().equals("AdmissionReview")
                && tree.path("request").has("uid")) {
              out.add(text);
            }
          } catch (IOException e) {
            // not a review fixture
          }
        }
      }
    }
    return out;
  }

  /**
   * Writes bodies deeper than Jackson's default limit of 1,000 levels: the deep garbage below plus
   * the review's own nesting can pass it, and the server must answer such bodies with a 400 rather
   * than the test failing to send them.
   */
  private static final com.fasterxml.jackson.databind.ObjectMapper WRITER =
      new com.fasterxml.jackson.databind.ObjectMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamWriteConstraints(
                  com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                      .maxNestingDepth(100_000)
                      .build())
              .build());

  private static JsonNode garbage(Random r, int depth) {
    return switch (depth > 6 ? r.nextInt(5) : r.nextInt(8)) {
      case 0 -> F.textNode("x".repeat(Fuzz.length(r, 10, 200_000)));
      case 1 -> F.numberNode(r.nextLong());
      case 2 -> F.booleanNode(r.nextBoolean());
      case 3 -> F.nullNode();
      case 4 ->
          F.numberNode(new java.math.BigDecimal("1e" + (r.nextInt(2_000_000_000) - 1_000_000_000)));
      case 5 -> {
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(garbage(r, depth + 1));
        }
        yield a;
      }
      case 6 -> {
        JsonNode n = F.textNode("deep");
        for (int i = r.nextInt(900);
            i > 0;
            i--) { // with the review's own nesting this can pass the server's limit of 1,000
          n = F.arrayNode().add(n);
        }
        yield n;
      }
      default -> {
        ObjectNode o = F.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          o.set(
              Fuzz.pick(
                  r, "name", "kind", "apiVersion", "metadata", "spec", "containers", "uid", "x"),
              garbage(r, depth + 1));
        }
        yield o;
      }
    };
  }

  /** Replaces one random node of the tree (below the root) with garbage. */
  private static void replaceSomewhere(JsonNode root, Random r) {
    List<JsonNode> parents = new ArrayList<>();
    collect(root, parents);
    JsonNode parent = parents.get(r.nextInt(parents.size()));
    if (parent instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      o.set(names.get(r.nextInt(names.size())), garbage(r, 0));
    } else if (parent instanceof ArrayNode a && a.size() > 0) {
      a.set(r.nextInt(a.size()), garbage(r, 0));
    }
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode() && n.size() > 0) {
      out.add(n);
      n.forEach(c -> collect(c, out));
    }
  }

  private static byte[] mutate(String review, Random r) throws IOException {
    ObjectNode tree = (ObjectNode) Reviews.JSON.readTree(review);
    switch (r.nextInt(6)) {
      case 0 ->
          ((ObjectNode) tree.path("request"))
              .put("uid", "u".repeat(Fuzz.length(r, 1000, 2_000_000)));
      case 1 ->
          ((ObjectNode) tree.path("request"))
              .set(
                  Fuzz.pick(
                      r,
                      "uid",
                      "kind",
                      "resource",
                      "operation",
                      "object",
                      "oldObject",
                      "dryRun",
                      "userInfo",
                      "namespace",
                      "name",
                      "options",
                      "subResource"),
                  garbage(r, 0));
      default -> {
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
          replaceSomewhere(tree, r);
        }
      }
    }
    byte[] bytes = WRITER.writeValueAsBytes(tree);
    int roll = r.nextInt(4);
    if (roll == 0 && bytes.length > 0) {
      bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length)); // truncated
    } else if (roll == 1) {
      for (int i = 1 + r.nextInt(8); i > 0 && bytes.length > 0; i--) {
        bytes[r.nextInt(bytes.length)] ^=
            (byte) (1 << r.nextInt(8)); // flipped bits, invalid UTF-8 too
      }
    }
    return bytes;
  }

  @Test
  @DisplayName("mutated reviews get a verdict or a 4xx with a JSON message, never a 5xx")
  void mutatedReviews() throws IOException {
    List<String> seeds = seeds();
    assertThat(seeds).hasSizeGreaterThan(10);
    int[] statuses = new int[6];
    Fuzz.run(
        "validate.mutations",
        3_000,
        r -> {
          byte[] body = mutate(seeds.get(r.nextInt(seeds.size())), r);
          Reviews.Raw answer = Reviews.raw("application/json", body);
          String what =
              answer.status()
                  + " for "
                  + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
          statuses[answer.status() / 100]++;
          assertThat(answer.status()).as(what).isBetween(200, 499);
          assertThat(answer.contentType()).as(what).startsWith("application/json");
          JsonNode json = Reviews.tree(answer.body());
          if (answer.status() == 200) {
            assertThat(json.path("response").path("allowed").isBoolean()).as(what).isTrue();
          } else {
            assertThat(answer.status()).as(what).isGreaterThanOrEqualTo(400);
            assertThat(json.path("error").asText()).as(what).isNotBlank();
          }
        });
    System.out.printf(
        "validate fuzz: %d answered 2xx, %d answered 4xx%n", statuses[2], statuses[4]);
    for (String seed : seeds.subList(0, 3)) {
      Reviews.verdict(seed); // still answering
    }
  }
}
