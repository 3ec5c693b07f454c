package dev.manifestguard.cluster;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Cluster state from fabric8 informers: one slim cache per kind the reference rules need, plus the
 * IP pool kinds whose CRDs the cluster has. A cache miss is confirmed with a live GET (short
 * timeout) before it counts as absent: an object applied a moment ago may not have reached the
 * cache yet.
 */
public final class InformerClusterState extends SlimStoreState implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(InformerClusterState.class);
  static final String UNCONFIRMED_METRIC = "manifest_guard_reference_unconfirmed";

  private final KubernetesClient client;
  private final KubernetesClient confirmClient;
  private final MeterRegistry meters;
  private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers =
      new ConcurrentHashMap<>();

  /** IP pool informers by CRD name, started and stopped as the CRDs come and go. */
  private final Map<String, String> crdKinds = new ConcurrentHashMap<>();

  private final AtomicBoolean synced = new AtomicBoolean();

  /**
   * @param client the client the informers use (the Quarkus-managed one)
   * @param meters where to count unconfirmed lookups, or null
   * @param confirmTimeout how long a confirming GET may take before the lookup is UNKNOWN
   */
  public InformerClusterState(
      KubernetesClient client, MeterRegistry meters, Duration confirmTimeout) {
    super(new ConcurrentHashMap<>());
    this.client = client;
    this.meters = meters;
    int millis = (int) Math.max(1, confirmTimeout.toMillis());
    // A separate client for the confirming GETs: short timeouts and no retries (fabric8 retries 5xx
    // by default, which would blow the admission deadline).
    this.confirmClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestTimeout(millis)
                    .withConnectionTimeout(millis)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  /** Starts every informer; returns at once (see {@link #ready()}). */
  public InformerClusterState start() {
    for (WatchedKind k : WatchedKind.CORE) {
      watch(k, null);
    }
    WatchedKind serviceCidr = servedServiceCidr();
    if (serviceCidr != null) {
      watch(serviceCidr, null);
    }
    watch(
        WatchedKind.CRD,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource crd) {
            crdAppeared(crd);
          }

          @Override
          public void onUpdate(GenericKubernetesResource oldCrd, GenericKubernetesResource crd) {
            crdAppeared(crd);
          }

          @Override
          public void onDelete(GenericKubernetesResource crd, boolean deletedFinalStateUnknown) {
            crdGone(crd.getMetadata().getName());
          }
        });
    return this;
  }

  /**
   * True once every informer started so far has synced; stays true afterwards (no readiness
   * flapping).
   */
  public boolean ready() {
    if (synced.get()) {
      return true;
    }
    for (SharedIndexInformer<GenericKubernetesResource> i : informers.values()) {
      if (!i.hasSynced()) {
        return false;
      }
    }
    synced.set(true);
    LOG.infof("cluster caches synced (%d kinds)", informers.size());
    return true;
  }

  /** A cache miss: confirmed with a live GET, as the object may have been applied a moment ago. */
  @Override
  Presence notInStore(WatchedKind kind, String namespace, String name) {
    return confirm(kind, namespace, name);
  }

  /**
   * The live GET behind a cache miss: found → PRESENT, 404 → ABSENT, anything else → UNKNOWN (and
   * counted).
   */
  Presence confirm(WatchedKind kind, String namespace, String name) {
    try {
      var resources = confirmClient.genericKubernetesResources(kind.context());
      GenericKubernetesResource found =
          kind.namespaced()
              ? resources.inNamespace(namespace).withName(name).get()
              : resources.withName(name).get();
      return found == null ? Presence.ABSENT : Presence.PRESENT;
    } catch (RuntimeException e) {
      LOG.debugf("could not confirm %s %s/%s: %s", kind.kind(), namespace, name, e.toString());
      if (meters != null) {
        Counter.builder(UNCONFIRMED_METRIC)
            .description(
                "Reference lookups that missed the cache and could not be confirmed by a live GET")
            .tag("kind", kind.kind())
            .register(meters)
            .increment();
      }
      return Presence.UNKNOWN;
    }
  }

  int informerCount() {
    return informers.size();
  }

  private void watch(WatchedKind kind, ResourceEventHandler<GenericKubernetesResource> handler) {
    SlimStore store = new SlimStore(kind);
    SharedIndexInformer<GenericKubernetesResource> informer =
        client.genericKubernetesResources(kind.context()).inAnyNamespace().runnableInformer(0);
    informer.itemStore(store);
    if (handler != null) {
      informer.addEventHandler(handler);
    }
    informer.exceptionHandler(
        (started, t) -> {
          LOG.debugf(
              "watch of %s failed (%s); retrying",
              kind.plural(), t.toString()); // fabric8 logs it too
          return true;
        });
    stores.put(kind.key(), store);
    informers.put(kind.key(), informer);
    informer
        .start()
        .whenComplete(
            (v, t) -> {
              if (t != null) {
                LOG.warnf("cache of %s did not start: %s", kind.plural(), t.toString());
              }
            });
  }

  private void crdAppeared(GenericKubernetesResource crd) {
    String name = crd.getMetadata().getName();
    if (!WatchedKind.IP_POOL_CRDS.contains(name) || crdKinds.containsKey(name)) {
      return;
    }
    WatchedKind kind = WatchedKind.fromCrd(Serialization.jsonMapper().valueToTree(crd));
    if (kind == null) {
      return;
    }
    crdKinds.put(name, kind.key());
    LOG.infof("watching %s (CRD %s)", kind.apiVersion() + "/" + kind.kind(), name);
    watch(kind, null);
  }

  private void crdGone(String name) {
    String key = crdKinds.remove(name);
    if (key == null) {
      return;
    }
    SharedIndexInformer<GenericKubernetesResource> informer = informers.remove(key);
    stores.remove(key);
    if (informer != null) {
      informer.stop();
    }
  }

  /**
   * The ServiceCIDR version the apiserver serves, or null when it has none (before Kubernetes
   * 1.31).
   */
  private WatchedKind servedServiceCidr() {
    for (WatchedKind k : WatchedKind.SERVICE_CIDR) {
      try {
        APIResourceList list = client.getApiResources(k.apiVersion());
        if (list != null && list.getResources() != null) {
          for (APIResource r : list.getResources()) {
            if (k.plural().equals(r.getName())) {
              return k;
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.debugf("no %s: %s", k.apiVersion(), e.toString());
      }
    }
    return null;
  }

  @Override
  public void close() {
    for (SharedIndexInformer<GenericKubernetesResource> i : informers.values()) {
      i.stop();
    }
    informers.clear();
    confirmClient.close();
  }
}
