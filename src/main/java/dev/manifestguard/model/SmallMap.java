package dev.manifestguard.model;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from names to values for the small maps of a manifest (an object's fields, a resources
 * block's requests): keys and values side by side in one array, found by a scan. Cheaper than a
 * LinkedHashMap to build, to hold and to read when it has a few entries, which is nearly always
 * (and one array, not three: the CLI holds half a million of these at once, and the collector's
 * cost is per object); beyond {@link #MAX_INLINE} entries a LinkedHashMap takes over, so no
 * operation grows worse than linear. Iteration is in insertion order; not thread-safe, like a
 * LinkedHashMap.
 */
public final class SmallMap<V> extends AbstractMap<String, V> {
  /** Beyond this many fields, a LinkedHashMap takes over (a linear scan would grow too long). */
  static final int MAX_INLINE = 16;

  private static final Object[] EMPTY = {};

  /** Key i at 2i, its value at 2i + 1. */
  private Object[] table = EMPTY;

  private int size;
  private int modCount;
  private LinkedHashMap<String, V> large;
  private boolean frozen;

  /** An empty map with room for {@code capacity} entries before it grows. */
  public SmallMap(int capacity) {
    capacity = Math.min(capacity, MAX_INLINE);
    if (capacity > 0) {
      table = new Object[2 * capacity];
    }
  }

  /** This map, read-only from now on (as an unmodifiable view would be, without the view). */
  public SmallMap<V> freeze() {
    frozen = true;
    return this;
  }

  private void writable() {
    if (frozen) {
      throw new UnsupportedOperationException("read-only map");
    }
  }

  private String key(int i) {
    return (String) table[2 * i];
  }

  @SuppressWarnings("unchecked")
  private V value(int i) {
    return (V) table[2 * i + 1];
  }

  private int indexOf(Object key) {
    if (!(key instanceof String k)) {
      return -1;
    }
    Object[] t = table;
    int end = 2 * size;
    int h = k.hashCode();
    for (int i = 0; i < end; i += 2) {
      String ki = (String) t[i];
      // Jackson interns its keys and the rules look up literals: mostly the same String.
      if (ki == k || (ki.hashCode() == h && ki.equals(k))) {
        return i / 2;
      }
    }
    return -1;
  }

  @Override
  public V get(Object key) {
    if (large != null) {
      return large.get(key);
    }
    int i = indexOf(key);
    return i < 0 ? null : value(i);
  }

  @Override
  public boolean containsKey(Object key) {
    return large != null ? large.containsKey(key) : indexOf(key) >= 0;
  }

  @Override
  public V put(String key, V value) {
    writable();
    if (large != null) {
      return large.put(key, value);
    }
    int i = indexOf(key);
    if (i >= 0) {
      V old = value(i);
      table[2 * i + 1] = value;
      return old;
    }
    if (size == MAX_INLINE) {
      large = new LinkedHashMap<>(MAX_INLINE * 4);
      for (int j = 0; j < size; j++) {
        large.put(key(j), value(j));
      }
      table = EMPTY;
      size = 0;
      modCount++;
      return large.put(key, value);
    }
    if (2 * size == table.length) {
      int capacity = Math.min(MAX_INLINE, Math.max(4, size * 2));
      table = Arrays.copyOf(table, 2 * capacity);
    }
    table[2 * size] = key;
    table[2 * size + 1] = value;
    size++;
    modCount++;
    return null;
  }

  @Override
  public V remove(Object key) {
    writable();
    if (large != null) {
      return large.remove(key);
    }
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    V old = value(i);
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    writable();
    System.arraycopy(table, 2 * i + 2, table, 2 * i, 2 * (size - i - 1));
    size--;
    table[2 * size] = null;
    table[2 * size + 1] = null;
    modCount++;
  }

  @Override
  public int size() {
    return large != null ? large.size() : size;
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public void clear() {
    writable();
    if (large != null) {
      large.clear();
      return;
    }
    Arrays.fill(table, 0, 2 * size, null);
    size = 0;
    modCount++;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    if (large != null) {
      return frozen ? Collections.unmodifiableMap(large).entrySet() : large.entrySet();
    }
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return large != null ? large.entrySet().iterator() : new Entries();
      }

      @Override
      public int size() {
        return SmallMap.this.size();
      }
    };
  }

  @Override
  public Collection<V> values() {
    if (large != null) {
      return frozen ? Collections.unmodifiableCollection(large.values()) : large.values();
    }
    return new AbstractCollection<>() {
      @Override
      public Iterator<V> iterator() {
        return large != null ? large.values().iterator() : new Values();
      }

      @Override
      public int size() {
        return SmallMap.this.size();
      }
    };
  }

  /** A position in the arrays; remove writes through, as a LinkedHashMap's iterators do. */
  private abstract class Cursor {
    int next;
    int last = -1;
    int expected = modCount;

    public boolean hasNext() {
      return next < size;
    }

    /** The index of the next entry. */
    int advance() {
      if (expected != modCount) {
        throw new ConcurrentModificationException();
      }
      if (next >= size) {
        throw new NoSuchElementException();
      }
      last = next++;
      return last;
    }

    public void remove() {
      if (last < 0) {
        throw new IllegalStateException();
      }
      if (expected != modCount) {
        throw new ConcurrentModificationException();
      }
      removeAt(last);
      next = last;
      last = -1;
      expected = modCount;
    }
  }

  private final class Values extends Cursor implements Iterator<V> {
    @Override
    public V next() {
      return value(advance());
    }
  }

  /** Entries whose setValue writes through. */
  private final class Entries extends Cursor implements Iterator<Map.Entry<String, V>> {
    @Override
    public Map.Entry<String, V> next() {
      int at = advance();
      String key = key(at);
      return new SimpleEntry<>(key, value(at)) {
        private static final long serialVersionUID = 1L;

        @Override
        public V setValue(V value) {
          writable();
          if (expected != modCount || key(at) != key) {
            throw new ConcurrentModificationException();
          }
          table[2 * at + 1] = value;
          return super.setValue(value);
        }
      };
    }
  }
}
