package dev.manifestguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SmallMap behaves as a LinkedHashMap does, below and above the size where it switches to one. */
class SmallMapTest {

  @Test
  void randomOperationsMatchALinkedHashMap() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      SmallMap<Integer> small = new SmallMap<>(random.nextInt(6));
      Map<String, Integer> expected = new LinkedHashMap<>();
      // Up to 40 distinct keys: maps stay small in some rounds and switch over in others.
      int keys = 1 + random.nextInt(40);
      for (int op = 0; op < 200; op++) {
        String key = "k" + random.nextInt(keys);
        switch (random.nextInt(6)) {
          case 0, 1, 2 -> assertEquals(expected.put(key, op), small.put(key, op), "put " + key);
          case 3 -> assertEquals(expected.remove(key), small.remove(key), "remove " + key);
          case 4 -> assertEquals(expected.get(key), small.get(key), "get " + key);
          default -> assertEquals(expected.containsKey(key), small.containsKey(key), key);
        }
        assertEquals(expected.size(), small.size());
      }
      assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(small.entrySet()));
      assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(small.values()));
      assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(small.keySet()));
      assertEquals(expected, small);
      assertEquals(small, expected);
      assertEquals(expected.hashCode(), small.hashCode());
    }
  }

  @Test
  void iteratorsRemoveAndSetValueWriteThrough() {
    SmallMap<String> small = new SmallMap<>(0);
    for (String k : List.of("a", "b", "c", "d")) {
      small.put(k, k.toUpperCase());
    }
    Iterator<Map.Entry<String, String>> entries = small.entrySet().iterator();
    entries.next().setValue("first");
    entries.next();
    entries.remove();
    Iterator<String> values = small.values().iterator();
    values.next();
    values.next();
    values.remove();
    assertEquals(List.of("a", "d"), new ArrayList<>(small.keySet()));
    assertEquals("first", small.get("a"));
    assertNull(small.get("b"));
  }

  @Test
  void aChangeOutsideAnIteratorFailsIt() {
    SmallMap<String> small = new SmallMap<>(2);
    small.put("a", "1");
    small.put("b", "2");
    Iterator<String> values = small.values().iterator();
    values.next();
    small.put("c", "3");
    assertThrows(ConcurrentModificationException.class, values::next);
  }

  @Test
  void aFrozenMapRefusesEveryChange() {
    SmallMap<String> small = new SmallMap<>(0);
    small.put("a", "1");
    SmallMap<String> large = new SmallMap<>(0);
    for (int i = 0; i <= SmallMap.MAX_INLINE; i++) {
      large.put("k" + i, "v");
    }
    for (SmallMap<String> m : List.of(small.freeze(), large.freeze())) {
      assertThrows(UnsupportedOperationException.class, () -> m.put("z", "2"));
      assertThrows(UnsupportedOperationException.class, () -> m.remove("a"));
      assertThrows(UnsupportedOperationException.class, m::clear);
      assertThrows(
          UnsupportedOperationException.class, () -> m.entrySet().iterator().next().setValue("x"));
      Iterator<String> values = m.values().iterator();
      values.next();
      assertThrows(UnsupportedOperationException.class, values::remove);
    }
    assertEquals("1", small.get("a"));
    assertEquals(SmallMap.MAX_INLINE + 1, large.size());
  }
}
