package dev.manifestguard.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.model.Kinds;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.ObjectRef;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a rule sees of one review: the object, the pod specs and containers found in it once for all
 * rules, the cluster state and the policy settings.
 */
public final class RuleContext {
  private final Review review;
  private final ClusterState cluster;
  private final ClusterMemo clusterMemo;
  private final Policy.Settings settings;
  private List<PodSpecRef> podSpecs;
  private List<ContainerRef> containers;
  private Map<Object, Object> memo;

  /** A context whose cluster state may change between reviews (nothing derived from it is kept). */
  public RuleContext(Review review, ClusterState cluster, Policy.Settings settings) {
    this(review, cluster, ClusterMemo.NONE, settings);
  }

  public RuleContext(
      Review review, ClusterState cluster, ClusterMemo clusterMemo, Policy.Settings settings) {
    this.review = review;
    this.cluster = cluster;
    this.clusterMemo = clusterMemo;
    this.settings = settings;
  }

  public Manifest manifest() {
    return review.object();
  }

  public JsonNode object() {
    return review.object().object();
  }

  public ObjectRef ref() {
    return review.object().ref();
  }

  public String kind() {
    return ref().kind();
  }

  /** The API group of the object ("" for core). */
  public String group() {
    return ref().group();
  }

  /** True for kinds the kube-apiserver serves itself (and validates before any webhook runs). */
  public boolean builtIn() {
    return Kinds.isBuiltInGroup(ref().apiVersion());
  }

  public Review review() {
    return review;
  }

  /** Which front door asks; {@link Rule} says what a rule may make of it. */
  public Review.Mode mode() {
    return review.mode();
  }

  public ClusterState cluster() {
    return cluster;
  }

  public Policy.Settings settings() {
    return settings;
  }

  public List<PodSpecRef> podSpecs() {
    if (podSpecs == null) {
      podSpecs = PodSpecs.find(review.object());
    }
    return podSpecs;
  }

  /** Every container, init container and ephemeral container of every pod spec. */
  public List<ContainerRef> containers() {
    if (containers == null) {
      List<ContainerRef> all = new ArrayList<>();
      for (PodSpecRef p : podSpecs()) {
        all.addAll(PodSpecs.containers(p));
      }
      containers = all;
    }
    return containers;
  }

  /**
   * A value computed once per object and shared by every rule that asks with the same key (for
   * example the quantities of the object, walked once for all resource rules). Keys should be
   * constants owned by the caller.
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, Supplier<T> compute) {
    if (memo == null) {
      memo = new HashMap<>();
    }
    Object v = memo.get(key);
    if (v == null) {
      v = compute.get();
      memo.put(key, v);
    }
    return (T) v;
  }

  /**
   * A value derived from the cluster state alone, never from the object under review (for example
   * an index of what all ClusterRoleBindings bind): computed once for every review of a bundle when
   * the front door holds the state fixed (the CLI), afresh otherwise (the webhook's live cache).
   * Keys should be constants owned by the caller.
   */
  public <T> T fromCluster(Object key, Supplier<T> compute) {
    return clusterMemo.get(key, compute);
  }

  /**
   * Whether values derived from the cluster state are kept for the other reviews (the CLI's fixed
   * bundle), so that an index is worth building; false for a state that may change (the webhook),
   * where an index built for one lookup would cost more than the scan it replaces.
   */
  public boolean clusterFixed() {
    return clusterMemo.keeps();
  }

  /**
   * As {@link #fromCluster} where {@link #clusterFixed}, else null. The computation must not ask
   * for another value derived from the cluster (the memo's computations do not nest).
   */
  public <T> T fromFixedCluster(Object key, Supplier<T> compute) {
    return clusterMemo.keeps() ? clusterMemo.get(key, compute) : null;
  }
}
