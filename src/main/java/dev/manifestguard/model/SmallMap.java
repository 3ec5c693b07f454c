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
 * block's requests): keys, values and key hashes in three arrays, found by a scan of the hashes.
 * Cheaper than a LinkedHashMap to build, to hold and to read when it has a few entries, which is
 * nearly always; beyond {@link #MAX_INLINE} entries a LinkedHashMap takes over, so no operation
 * grows worse than linear. Iteration is in insertion order; not thread-safe, like a LinkedHashMap.
 */
/** The fields of one object, in insertion order. Not thread-safe, like a LinkedHashMap. */
public final class SmallMap<V> extends AbstractMap<String, V> {
  /** Beyond this many fields, a LinkedHashMap takes over (a linear scan would grow too long). */
  static final int MAX_INLINE = 16;

  private static final String[] NO_KEYS = {};
  private static final Object[] NO_VALUES = {};
  private static final int[] NO_HASHES = {};

  private String[] keys = NO_KEYS;
  private Object[] values = NO_VALUES;
  private int[] hashes = NO_HASHES;
  private int size;
  private int modCount;
  private LinkedHashMap<String, V> large;
  private boolean frozen;

  /** An empty map with room for {@code capacity} entries before it grows. */
  public SmallMap(int capacity) {
    capacity = Math.min(capacity, MAX_INLINE);
    if (capacity > 0) {
      keys = new String[capacity];
      values = new Object[capacity];
      hashes = new int[capacity];
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

  @SuppressWarnings("unchecked")
  private V value(int i) {
    return (V) values[i];
  }

  private int indexOf(Object key) {
    if (!(key instanceof String k)) {
      return -1;
    }
    int h = k.hashCode();
    int[] hs = hashes;
    for (int i = 0; i < size; i++) {
      if (hs[i] == h && (keys[i] == k || keys[i].equals(k))) {
        return i;
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
      values[i] = value;
      return old;
    }
    if (size == MAX_INLINE) {
      large = new LinkedHashMap<>(MAX_INLINE * 4);
      for (int j = 0; j < size; j++) {
        large.put(keys[j], value(j));
      }
      keys = NO_KEYS;
      values = NO_VALUES;
      hashes = NO_HASHES;
      size = 0;
      modCount++;
      return large.put(key, value);
    }
    if (size == keys.length) {
      int capacity = Math.min(MAX_INLINE, Math.max(4, size * 2));
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
      hashes = Arrays.copyOf(hashes, capacity);
    }
    keys[size] = key;
    values[size] = value;
    hashes[size] = key.hashCode();
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
    int tail = size - i - 1;
    System.arraycopy(keys, i + 1, keys, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    System.arraycopy(hashes, i + 1, hashes, i, tail);
    size--;
    keys[size] = null;
    values[size] = null;
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
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
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
      String key = keys[at];
      return new SimpleEntry<>(key, value(at)) {
        private static final long serialVersionUID = 1L;

        @Override
        public V setValue(V value) {
          writable();
          if (expected != modCount || keys[at] != key) {
            throw new ConcurrentModificationException();
          }
          values[at] = value;
          return super.setValue(value);
        }
      };
    }
  }
}
