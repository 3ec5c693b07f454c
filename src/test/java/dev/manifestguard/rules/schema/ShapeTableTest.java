package dev.manifestguard.rules.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The table of built-in shapes written at build time, and its reader. */
class ShapeTableTest {

  private static String builtInText() throws Exception {
    try (InputStream in = ShapeTable.class.getResourceAsStream(ShapeTable.RESOURCE)) {
      assertThat(in).as(ShapeTable.RESOURCE + " on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("the table on the class path is what the writer makes of the fabric8 model in use")
  void tableIsCurrent() throws Exception {
    assertThat(builtInText()).isEqualTo(ShapeTableWriter.table());
  }

  @Test
  @DisplayName("every struct reachable from a kind is in the table, with fields that all parse")
  void everyStructResolves() {
    ShapeTable table = ShapeTable.builtIn();
    Deque<Shape> todo = new ArrayDeque<>();
    for (String kind : new String[] {"Pod", "Deployment", "CronJob", "CustomResourceDefinition"}) {
      assertThat(table.kinds(kind)).as(kind).isNotEmpty();
      for (ShapeTable.Kind k : table.kinds(kind)) {
        todo.add(table.struct(k.className()));
      }
    }
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Shape s = todo.removeFirst();
      if (s instanceof Shape.ListOf l) {
        todo.add(l.item());
      } else if (s instanceof Shape.MapOf m) {
        todo.add(m.value());
      } else if (s instanceof Shape.Struct st && seen.add(st.type)) {
        assertThat(st.fields().names()).as(st.type).isNotNull();
        todo.addAll(st.fields().byName().values());
      }
    }
    assertThat(seen).hasSizeGreaterThan(100).contains("io.fabric8.kubernetes.api.model.Probe");
  }

  @Test
  @DisplayName("fields keep the API types' JSON shapes")
  void knownShapes() {
    Shape.Struct container = BuiltInSchemas.struct(io.fabric8.kubernetes.api.model.Container.class);
    Map<String, Shape> fields = container.fields().byName();
    assertThat(fields.get("name")).isEqualTo(Shape.Scalar.STRING);
    assertThat(fields.get("args")).isEqualTo(new Shape.ListOf(Shape.Scalar.STRING));
    assertThat(fields.get("ports"))
        .isInstanceOfSatisfying(
            Shape.ListOf.class,
            l ->
                assertThat(((Shape.Struct) l.item()).type)
                    .isEqualTo("io.fabric8.kubernetes.api.model.ContainerPort"));
    assertThat(container.fields().required()).containsExactlyInAnyOrder("name", "image");
    Map<String, Shape> port =
        BuiltInSchemas.struct(io.fabric8.kubernetes.api.model.ContainerPort.class)
            .fields()
            .byName();
    assertThat(port.get("containerPort")).isEqualTo(Shape.Scalar.INT32);
    Map<String, Shape> requirements =
        BuiltInSchemas.struct(io.fabric8.kubernetes.api.model.ResourceRequirements.class)
            .fields()
            .byName();
    assertThat(requirements.get("limits")).isEqualTo(new Shape.MapOf(Shape.Scalar.QUANTITY));
    Map<String, Shape> meta =
        BuiltInSchemas.struct(io.fabric8.kubernetes.api.model.ObjectMeta.class).fields().byName();
    assertThat(meta.get("labels")).isEqualTo(new Shape.MapOf(Shape.Scalar.STRING));
    Map<String, Shape> probe =
        BuiltInSchemas.struct(io.fabric8.kubernetes.api.model.HTTPGetAction.class)
            .fields()
            .byName();
    assertThat(probe.get("port")).isEqualTo(Shape.Scalar.INT_OR_STRING);
  }

  @Test
  @DisplayName("kinds are found by apiVersion, and by group for the did-you-mean")
  void kinds() {
    assertThat(BuiltInSchemas.knows("apps/v1", "Deployment")).isTrue();
    assertThat(BuiltInSchemas.knows("v1", "Deployment")).isFalse();
    assertThat(BuiltInSchemas.knows("", "Deployment")).isFalse();
    assertThat(BuiltInSchemas.forKind("v1", "Pod").type)
        .isEqualTo("io.fabric8.kubernetes.api.model.Pod");
    assertThat(BuiltInSchemas.knownInGroup("", "Pod")).isTrue();
    assertThat(BuiltInSchemas.knownInGroup("apps", "Pod")).isFalse();
    assertThat(BuiltInSchemas.builtInApiVersionsOf("HorizontalPodAutoscaler"))
        .contains("autoscaling/v1", "autoscaling/v2");
    assertThat(BuiltInSchemas.kindNames()).contains("Deployment", "ConfigMap");
  }

  @Test
  @DisplayName("a table naming a struct it does not hold fails loudly, not with a silent pass")
  void danglingStruct() {
    ShapeTable table = ShapeTable.parse("T\ta.B\n\tc\t@a.Missing\n");
    assertThatThrownBy(() -> table.fields("a.B"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a.Missing");
    assertThat(table.struct("a.Missing")).isNull();
  }
}
