package dev.manifestguard.cli;

import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.LiveSnapshot;
import dev.manifestguard.cluster.ManifestClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.ClusterMemo;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ParseProblem;
import dev.manifestguard.model.Location;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.ObjectRef;
import dev.manifestguard.rules.schema.ManifestUnparseableRule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The offline front door: checks a bundle of manifests together, so that objects of the bundle
 * resolve each other's references, and turns unreadable input into {@code manifest-unparseable}
 * findings. Used by the CLI and by the rule fixture tests.
 */
public final class BatchCheck {
  private static final String UNPARSEABLE = ManifestUnparseableRule.ID;

  /** The findings of one object, or of one unreadable file (then {@code manifest} is null). */
  public record Checked(
      String file, Manifest manifest, ParseProblem problem, List<Finding> findings) {
    /** Where a finding points in the source: the offending value, or where the reader gave up. */
    public Location locate(Finding f) {
      if (manifest != null) {
        return manifest.locate(f.path());
      }
      return problem == null ? Location.NONE : problem.location();
    }
  }

  private final RuleEngine engine;

  public BatchCheck(RuleEngine engine) {
    this.engine = engine;
  }

  /**
   * @param inputs the files to check
   * @param clusterState files describing what already exists (not themselves checked)
   * @param strictReferences an unresolved reference is a miss, not an unknown
   * @param live a live cluster read once, or null
   */
  public List<Checked> check(
      List<LoadedSource> inputs,
      List<LoadedSource> clusterState,
      boolean strictReferences,
      LiveSnapshot live,
      Policy policy) {
    return check(inputs, clusterState, strictReferences, live, policy, null);
  }

  /**
   * As {@link #check(List, List, boolean, LiveSnapshot, Policy)}, evaluating the objects on {@code
   * pool} (null: in the calling thread). The bundle is indexed first, so every object sees all the
   * others; the results come back in input order whatever the pool does, so the output is the same
   * with one thread or many.
   */
  public List<Checked> check(
      List<LoadedSource> inputs,
      List<LoadedSource> clusterState,
      boolean strictReferences,
      LiveSnapshot live,
      Policy policy,
      ExecutorService pool) {
    List<Manifest> known = manifests(inputs);
    known.addAll(manifests(clusterState));
    ClusterState state = new ManifestClusterState(known, strictReferences, live);
    ClusterMemo memo =
        ClusterMemo.forFixedState(); // the manifests, and a live cluster read once: nothing changes
    Rule unparseable = engine.registry().get(UNPARSEABLE);
    Action unparseableAction =
        unparseable == null ? Action.DENY : policy.actionFor(unparseable.meta());
    List<List<Finding>> evaluated = evaluate(inputs, policy, state, memo, pool);
    List<Checked> out = new ArrayList<>();
    int next = 0;
    for (LoadedSource s : inputs) {
      for (Manifest m : s.manifests()) {
        out.add(new Checked(s.file(), m, null, evaluated.get(next++)));
      }
      for (ParseProblem p : s.problems()) {
        List<Finding> f =
            unparseableAction == Action.OFF
                ? List.of()
                : List.of(
                    new Finding(
                        UNPARSEABLE,
                        Category.SCHEMA,
                        unparseableAction,
                        new ObjectRef("", "", "", ""),
                        "",
                        (p.location().known()
                                ? "line "
                                    + p.location().line()
                                    + ", column "
                                    + p.location().column()
                                    + ": "
                                : "")
                            + p.message()
                            + "; fix the syntax so the file can be checked.",
                        null));
        out.add(new Checked(s.file(), null, p, f));
      }
    }
    return out;
  }

  /** Objects per task: enough to amortise a task, few enough that the last ones balance. */
  private static final int BATCH = 32;

  /** Every object of the sources, in order. */
  private static List<Manifest> manifests(List<LoadedSource> sources) {
    List<Manifest> all = new ArrayList<>();
    for (LoadedSource s : sources) {
      all.addAll(s.manifests());
    }
    return all;
  }

  /** The findings of every object of the inputs, in input order. */
  private List<List<Finding>> evaluate(
      List<LoadedSource> inputs,
      Policy policy,
      ClusterState state,
      ClusterMemo memo,
      ExecutorService pool) {
    List<Manifest> all = manifests(inputs);
    List<List<Finding>> out = new ArrayList<>(all.size());
    if (pool == null) {
      for (Manifest m : all) {
        out.add(engine.evaluate(Review.offline(m), policy, state, memo));
      }
      return out;
    }
    List<Future<List<List<Finding>>>> batches = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<Manifest> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      batches.add(
          pool.submit(
              () -> {
                List<List<Finding>> found = new ArrayList<>(batch.size());
                for (Manifest m : batch) {
                  found.add(engine.evaluate(Review.offline(m), policy, state, memo));
                }
                return found;
              }));
    }
    for (Future<List<List<Finding>>> f : batches) {
      out.addAll(Parallel.join(f));
    }
    return out;
  }
}
