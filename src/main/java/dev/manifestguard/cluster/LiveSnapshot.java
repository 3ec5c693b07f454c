package dev.manifestguard.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI's {@code --kubeconfig}: the kinds the reference rules need, listed once, read-only, and
 * kept as slim as the webhook's caches (Secret and ConfigMap names only). A kind the credentials
 * may not list stays unknown, so its lookups are warns rather than false denials.
 */
public final class LiveSnapshot extends SlimStoreState {
  private final List<String> unreadable;

  LiveSnapshot(Map<String, SlimStore> stores, List<String> unreadable) {
    super(stores);
    this.unreadable = List.copyOf(unreadable);
  }

  /**
   * Reads the cluster of a kubeconfig file.
   *
   * @param kubeconfig the kubeconfig file, or null for the default ({@code KUBECONFIG}, then
   *     ~/.kube/config)
   * @param context the context to use, or null for the current one
   * @throws KubernetesClientException when the cluster cannot be reached at all
   */
  public static LiveSnapshot read(String kubeconfig, String context) {
    if (kubeconfig != null) {
      requireContext(new File(kubeconfig), context);
    }
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(context)
            : Config.fromKubeconfig(context, new File(kubeconfig));
    // A CI run must fail in seconds, not after minutes of retries, when the cluster is unreachable.
    config.setRequestRetryBackoffLimit(0);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(15_000);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return read(client);
    }
  }

  /**
   * Refuses a kubeconfig without the named (or a current) context, instead of silently using
   * defaults.
   */
  private static void requireContext(File kubeconfig, String context) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root =
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(kubeconfig);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read kubeconfig: " + e.getMessage(), e);
    }
    String wanted =
        context != null ? context : root == null ? "" : root.path("current-context").asText("");
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException(
          "the kubeconfig has no current-context; pass --context NAME");
    }
    if (root != null) {
      for (com.fasterxml.jackson.databind.JsonNode c : root.path("contexts")) {
        if (wanted.equals(c.path("name").asText())) {
          return;
        }
      }
    }
    throw new IllegalArgumentException(
        "context \"" + wanted + "\" is not defined in the kubeconfig");
  }

  /** Lists every kind once with the given client. */
  public static LiveSnapshot read(KubernetesClient client) {
    Map<String, SlimStore> stores = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    List<WatchedKind> kinds = new ArrayList<>(WatchedKind.CORE);
    kinds.addAll(WatchedKind.SERVICE_CIDR);
    int reachable = 0;
    KubernetesClientException last = null;
    for (WatchedKind k : kinds) {
      if (stores.containsKey(k.key())) {
        continue; // ServiceCIDR v1 was found, no need for v1beta1
      }
      try {
        stores.put(k.key(), load(client, k));
        reachable++;
      } catch (KubernetesClientException e) {
        last = e;
        if (e.getCode() == 404 && k.kind().equals("ServiceCIDR")) {
          continue; // not served by this apiserver version
        }
        if (e.getCode() == 0) {
          throw e; // no HTTP answer at all: the cluster is unreachable
        }
        unreadable.add(k.plural() + " (HTTP " + e.getCode() + ")");
      }
    }
    if (reachable == 0 && last != null) {
      throw last;
    }
    try {
      SlimStore crds = new SlimStore(WatchedKind.CRD);
      for (GenericKubernetesResource crd :
          client.genericKubernetesResources(WatchedKind.CRD.context()).list().getItems()) {
        crds.put(crds.getKey(crd), crd);
        if (WatchedKind.IP_POOL_CRDS.contains(crd.getMetadata().getName())) {
          WatchedKind k = WatchedKind.fromCrd(Serialization.jsonMapper().valueToTree(crd));
          if (k != null) {
            try {
              stores.put(k.key(), load(client, k));
            } catch (KubernetesClientException e) {
              unreadable.add(k.plural() + "." + k.group() + " (HTTP " + e.getCode() + ")");
            }
          }
        }
      }
      stores.put(crds.kind().key(), crds);
    } catch (KubernetesClientException e) {
      unreadable.add("customresourcedefinitions (HTTP " + e.getCode() + ")");
    }
    return new LiveSnapshot(stores, unreadable);
  }

  private static SlimStore load(KubernetesClient client, WatchedKind k) {
    SlimStore store = new SlimStore(k);
    var op = client.genericKubernetesResources(k.context());
    List<GenericKubernetesResource> items =
        k.namespaced() ? op.inAnyNamespace().list().getItems() : op.list().getItems();
    for (GenericKubernetesResource r : items) {
      store.put(store.getKey(r), r);
    }
    return store;
  }

  /** Kinds the credentials could not list (their lookups stay unknown), for the CLI to mention. */
  public List<String> unreadable() {
    return unreadable;
  }

  /** The snapshot lists every object of a kind it keeps: what it does not hold does not exist. */
  @Override
  Presence notInStore(WatchedKind kind, String namespace, String name) {
    return Presence.ABSENT;
  }
}
