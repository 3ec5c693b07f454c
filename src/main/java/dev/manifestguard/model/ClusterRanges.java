package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.model.AddressPools.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's own pod, service and node ranges, from whichever sources are present: the policy's
 * {@code settings.cluster}, ServiceCIDR objects, Nodes' {@code podCIDR(s)} and the {@code
 * kube-system/kubeadm-config} ConfigMap. Cluster definitions of other clusters (Cluster API, kind,
 * a kubeadm document) are not among them.
 */
public final class ClusterRanges {
  private ClusterRanges() {}

  public enum Type {
    POD("pod CIDR"),
    SERVICE("service CIDR"),
    NODE("node pod CIDR");

    private final String display;

    Type(String display) {
      this.display = display;
    }

    public String display() {
      return display;
    }
  }

  /**
   * @param source how to name where the range comes from in a message ({@code ServiceCIDR
   *     kubernetes})
   * @param owner the object it comes from, or null for the policy
   */
  public record Range(Cidrs.Value value, Type type, String source, ObjectRef owner) {
    /** The range is pod addresses: the pod CIDR or a node's share of it. */
    public boolean pods() {
      return type != Type.SERVICE;
    }
  }

  /**
   * The ranges of the policy's {@code settings.cluster} and of the cluster's own objects among
   * {@code objects} (ServiceCIDRs, Nodes, the kubeadm-config ConfigMap; anything else is ignored),
   * in that order.
   */
  public static List<Range> collect(
      List<String> podCIDRs, List<String> serviceCIDRs, List<JsonNode> objects) {
    List<Range> out = new ArrayList<>();
    fromPolicy(podCIDRs, Type.POD, "the policy's cluster.podCIDRs", out);
    fromPolicy(serviceCIDRs, Type.SERVICE, "the policy's cluster.serviceCIDRs", out);
    for (JsonNode o : objects) {
      fromObject(o, out);
    }
    return out;
  }

  private static void fromPolicy(List<String> cidrs, Type type, String source, List<Range> out) {
    if (cidrs == null) {
      return;
    }
    for (String c : cidrs) {
      Cidrs.Result r = Cidrs.parseCidr(c == null ? "" : c.trim());
      if (r.ok()) {
        out.add(new Range(r.value(), type, source, null));
      }
    }
  }

  private static void fromObject(JsonNode o, List<Range> out) {
    String kind = o.path("kind").asText("");
    if (!kind.equals("ServiceCIDR") && !kind.equals("Node") && !AddressPools.isKubeadmConfig(o)) {
      return;
    }
    ObjectRef owner = Manifest.of(o, null).ref();
    for (Entry e : AddressPools.extract(o)) {
      if (!e.ok()) {
        continue;
      }
      Type type =
          switch (e.role()) {
            case SERVICE_CIDR, CLUSTER_SERVICE -> Type.SERVICE;
            case CLUSTER_POD -> Type.POD;
            case NODE_POD -> Type.NODE;
            default -> null;
          };
      if (type != null) {
        out.add(new Range(e.value(), type, owner.display(), owner));
      }
    }
  }

  /** Same kind, namespace and name: the same object, whatever its version or API group. */
  public static boolean sameObject(ObjectRef a, ObjectRef b) {
    return a != null
        && b != null
        && a.kind().equals(b.kind())
        && a.namespace().equals(b.namespace())
        && a.name().equals(b.name());
  }
}
