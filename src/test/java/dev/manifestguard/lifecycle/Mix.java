package dev.manifestguard.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's request mix (src/bench/mix): AdmissionReviews, their uids and expected verdicts.
 */
final class Mix {
  static final Path DIR = Path.of("src", "bench", "mix");
  static final ObjectMapper JSON = new ObjectMapper();

  record Item(String name, byte[] body, String uid, boolean allowed) {}

  final Map<String, Item> items = new LinkedHashMap<>();

  /** The benchmark's rotation (12 requests, one of them the 200-container Rollout). */
  final List<Item> order = new ArrayList<>();

  Mix() throws IOException {
    for (String line : Files.readAllLines(DIR.resolve("expected.tsv"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      byte[] body = Files.readAllBytes(DIR.resolve(cols[0] + ".json"));
      String uid = JSON.readTree(body).path("request").path("uid").asText();
      items.put(cols[0], new Item(cols[0], body, uid, Boolean.parseBoolean(cols[1])));
    }
    for (String line : Files.readAllLines(DIR.resolve("order.txt"))) {
      if (!line.isBlank()) {
        order.add(items.get(line.trim()));
      }
    }
  }

  /**
   * The AdmissionReview response of a 200 answer for this item, or null when the answer is not one.
   */
  static JsonNode response(Item item, OneShot.Result r) {
    if (!r.ok()) {
      return null;
    }
    try {
      JsonNode response = JSON.readTree(r.body()).path("response");
      return item.uid().equals(response.path("uid").asText())
              && response.path("allowed").isBoolean()
          ? response
          : null;
    } catch (IOException e) {
      return null;
    }
  }
}
