package dev.manifestguard.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.model.SmallMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactNodesTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();
  private static final ObjectMapper COMPACT =
      new ObjectMapper().setNodeFactory(CompactNodes.INSTANCE);

  /** An object with {@code n} fields, in an order no hash map keeps by itself. */
  private static String object(int n) {
    StringBuilder s = new StringBuilder("{");
    for (int i = n; i > 0; i--) {
      s.append(i == n ? "" : ",").append("\"k").append(i * 7919 % 1000).append("\":").append(i);
    }
    return s.append('}').toString();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void parsesTheSameTreeAsJacksonsOwnNodesInTheSameFieldOrder() throws Exception {
    String review =
        "{\"request\":{\"uid\":\"u\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\","
            + "\"labels\":"
            + object(40)
            + "},\"spec\":{\"containers\":[{\"name\":\"a\",\"resources\":{\"limits\":{\"memory\":"
            + "\"-512Mi\"}},\"env\":[{\"name\":\"X\",\"value\":\"1\"},{}]}],\"x\":null,\"y\":1.5e3,"
            + "\"z\":true}}}}";
    JsonNode compact = COMPACT.readTree(review);
    JsonNode jackson = JACKSON.readTree(review);

    assertThat(compact).isEqualTo(jackson);
    assertThat(jackson).isEqualTo(compact);
    assertThat(compact.hashCode()).isEqualTo(jackson.hashCode());
    assertThat(compact.toString()).isEqualTo(jackson.toString());
    JsonNode labels = compact.at("/request/object/metadata/labels");
    assertThat(names(labels)).isEqualTo(names(jackson.at("/request/object/metadata/labels")));
    assertThat(labels.path("k919").asInt()).isEqualTo(1);
    assertThat(compact.at("/request/object/spec/containers/0/resources/limits/memory").asText())
        .isEqualTo("-512Mi");
  }

  @Test
  void aRepeatedKeyKeepsItsLastValueAtItsFirstPlaceAsJacksonDoes() throws Exception {
    String body = "{\"a\":1,\"b\":2,\"a\":3}";
    JsonNode compact = COMPACT.readTree(body);

    assertThat(compact).isEqualTo(JACKSON.readTree(body));
    assertThat(names(compact)).containsExactly("a", "b");
    assertThat(compact.path("a").asInt()).isEqualTo(3);
  }

  @Test
  void objectsStayEditableAtEverySize() throws Exception {
    for (int n : new int[] {0, 1, 4, 16, 17, 60}) {
      ObjectNode compact = (ObjectNode) COMPACT.readTree(object(n));
      ObjectNode jackson = (ObjectNode) JACKSON.readTree(object(n));
      for (ObjectNode o : List.of(compact, jackson)) {
        o.put("added", "v");
        o.remove("k919");
        o.properties().removeIf(e -> e.getValue().isInt() && e.getValue().asInt() % 3 == 0);
      }

      assertThat(compact).as("%d fields", n).isEqualTo(jackson);
      assertThat(names(compact)).as("%d fields", n).isEqualTo(names(jackson));
    }
  }

  /** The CLI's JSON input gets the same compact objects as its YAML, with decimals as written. */
  @Test
  void theLoadersJsonObjectsAreCompactAndKeepDecimalsAsWritten() {
    String json = "{\"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"}, \"spec\": {\"x\": 1.50}}";
    ObjectNode pod =
        (ObjectNode) new ManifestLoader().load("pod.json", json).manifests().get(0).object();

    for (JsonNode o : List.of(pod, pod.path("metadata"), pod.path("spec"))) {
      assertThat(((ObjectNode) o).properties().getClass().getEnclosingClass())
          .isEqualTo(SmallMap.class);
    }
    assertThat(pod.at("/spec/x").decimalValue().toString()).isEqualTo("1.50");
  }
}
