package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The slots of an object's fields named by an enum ({@link ContainerField}, {@link
 * SecurityContextField}): the slot of a field is its constant's ordinal, so that a rule's read is
 * an array index; the names are looked up once, when the slots are filled.
 */
final class FieldSlots<E extends Enum<E>> {
  private final Map<String, Integer> slotByKey = new HashMap<>();

  FieldSlots(E[] fields, Function<E, String> key) {
    for (E f : fields) {
      slotByKey.put(key.apply(f), f.ordinal());
    }
  }

  /** The values of the object's fields that have a slot; all null when it is not an object. */
  JsonNode[] fill(JsonNode object) {
    JsonNode[] slots = new JsonNode[slotByKey.size()];
    if (object.isObject()) {
      for (var it = object.fields(); it.hasNext(); ) {
        var e = it.next();
        Integer slot = slotByKey.get(e.getKey());
        if (slot != null) {
          slots[slot] = e.getValue();
        }
      }
    }
    return slots;
  }
}
