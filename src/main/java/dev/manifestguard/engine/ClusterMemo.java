package dev.manifestguard.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values derived from a cluster state alone (an index over its lists), shared by every review
 * evaluated against that state while whoever holds the state keeps it unchanged. The CLI checks a
 * whole bundle against one fixed state and keeps one memo for the run; the webhook's state is a
 * live cache, so it passes {@link #NONE} and every review derives afresh.
 */
public final class ClusterMemo {
  /** Keeps nothing: for a cluster state that may change between two reviews. */
  public static final ClusterMemo NONE = new ClusterMemo(null);

  private final Map<Object, Object> values;

  private ClusterMemo(Map<Object, Object> values) {
    this.values = values;
  }

  /** A memo for a cluster state that does not change while it is in use. */
  public static ClusterMemo forFixedState() {
    return new ClusterMemo(new ConcurrentHashMap<>());
  }

  /** Whether values are kept, i.e. the state does not change while this memo is in use. */
  boolean keeps() {
    return values != null;
  }

  @SuppressWarnings("unchecked")
  <T> T get(Object key, Supplier<T> compute) {
    return values == null ? compute.get() : (T) values.computeIfAbsent(key, k -> compute.get());
  }
}
