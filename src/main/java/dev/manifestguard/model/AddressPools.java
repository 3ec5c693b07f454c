package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.manifestguard.model.IpPoolKinds.PoolKind;
import dev.manifestguard.model.IpPoolKinds.PoolSystem;
import java.util.ArrayList;
import java.util.List;

/**
 * Every address, CIDR and range an object carries, with where it is and what it is for: the one
 * walk the CIDR rules share (RULES.md section 4 lists the fields).
 */
public final class AddressPools {
  private AddressPools() {}

  /** What a value is for. */
  public enum Role {
    /** A range of an IP pool ({@link Entry#system()} says whose). */
    POOL,
    /** The pod range of a cluster definition (Cluster API, kubeadm, kind). */
    CLUSTER_POD,
    /** The service range of a cluster definition. */
    CLUSTER_SERVICE,
    /** A Node's {@code spec.podCIDR(s)}. */
    NODE_POD,
    /** A ServiceCIDR's {@code spec.cidrs}. */
    SERVICE_CIDR,
    /** A NetworkPolicy {@code ipBlock.cidr}. */
    IPBLOCK,
    /** An entry of an {@code ipBlock.except}. */
    IPBLOCK_EXCEPT,
    /** A Service {@code loadBalancerSourceRanges} entry. */
    SOURCE_RANGE,
    /** A Service {@code externalIPs} entry. */
    EXTERNAL_IP,
    /** A Service {@code loadBalancerIP}. */
    LOAD_BALANCER_IP
  }

  /**
   * One value.
   *
   * @param system the pool's system, for {@link Role#POOL}
   * @param loadBalancer a pool that hands out load-balancer addresses rather than pod addresses
   * @param block for an except entry, the entry of its ipBlock's cidr
   * @param rule for ipBlock entries, the ingress or egress rule that holds them
   * @param ingress for ipBlock entries, whether the rule is an ingress rule
   */
  public record Entry(
      String path,
      Role role,
      PoolSystem system,
      boolean loadBalancer,
      Cidrs.Result parsed,
      Entry block,
      JsonNode rule,
      boolean ingress) {
    public boolean ok() {
      return parsed.ok();
    }

    public Cidrs.Value value() {
      return parsed.value();
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  /** The entries of any object (also of objects listed from the cluster). */
  public static List<Entry> extract(JsonNode object) {
    List<Entry> out = new ArrayList<>();
    if (object == null || !object.isObject()) {
      return out;
    }
    String apiVersion = object.path("apiVersion").asText("");
    String group = Kinds.groupOf(apiVersion);
    String kind = object.path("kind").asText("");
    JsonNode spec = object.path("spec");
    PoolKind pool = IpPoolKinds.of(group, kind);
    if (pool != null) {
      pools(pool.system(), spec, out);
      return out;
    }
    switch (group + "/" + kind) {
      case "networking.k8s.io/NetworkPolicy" -> {
        policyRules(spec.path("ingress"), "spec.ingress", "from", true, out);
        policyRules(spec.path("egress"), "spec.egress", "to", false, out);
      }
      case "/Service" -> service(spec, out);
      case "/Node" -> {
        single(spec.path("podCIDR"), "spec.podCIDR", Role.NODE_POD, out);
        list(spec.path("podCIDRs"), "spec.podCIDRs", Role.NODE_POD, out);
      }
      case "networking.k8s.io/ServiceCIDR" ->
          list(spec.path("cidrs"), "spec.cidrs", Role.SERVICE_CIDR, out);
      case "cluster.x-k8s.io/Cluster" -> {
        JsonNode net = spec.path("clusterNetwork");
        list(
            net.path("pods").path("cidrBlocks"),
            "spec.clusterNetwork.pods.cidrBlocks",
            Role.CLUSTER_POD,
            out);
        list(
            net.path("services").path("cidrBlocks"),
            "spec.clusterNetwork.services.cidrBlocks",
            Role.CLUSTER_SERVICE,
            out);
      }
      case "kind.x-k8s.io/Cluster" ->
          subnets(
              object.path("networking"), "networking.podSubnet", "networking.serviceSubnet", out);
      case "/ConfigMap" -> kubeadmConfigMap(object, out);
      default -> {
        if (group.equals("kubeadm.k8s.io") && kind.equals("ClusterConfiguration")) {
          subnets(
              object.path("networking"), "networking.podSubnet", "networking.serviceSubnet", out);
        }
      }
    }
    return out;
  }

  /** True for the ConfigMap kubeadm keeps its ClusterConfiguration in. */
  public static boolean isKubeadmConfig(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return "v1".equals(object.path("apiVersion").asText(""))
        && "ConfigMap".equals(object.path("kind").asText(""))
        && "kubeadm-config".equals(meta.path("name").asText(""))
        && "kube-system".equals(meta.path("namespace").asText(""));
  }

  private static void kubeadmConfigMap(JsonNode object, List<Entry> out) {
    if (!isKubeadmConfig(object)) {
      return;
    }
    JsonNode text = object.path("data").path("ClusterConfiguration");
    if (!text.isTextual()) {
      return;
    }
    JsonNode config;
    try {
      config = YAML.readTree(text.textValue());
    } catch (Exception e) {
      return; // not ours to judge: kubeadm reports its own configuration errors
    }
    if (config == null || !config.isObject()) {
      return;
    }
    String path = FieldPaths.child("data", "ClusterConfiguration");
    subnets(config.path("networking"), path, path, out);
  }

  /** kubeadm and kind: comma-separated single- or dual-stack values. */
  private static void subnets(
      JsonNode networking, String podPath, String servicePath, List<Entry> out) {
    commaSeparated(networking.path("podSubnet"), podPath, Role.CLUSTER_POD, out);
    commaSeparated(networking.path("serviceSubnet"), servicePath, Role.CLUSTER_SERVICE, out);
  }

  private static void commaSeparated(JsonNode value, String path, Role role, List<Entry> out) {
    if (value.isMissingNode()
        || value.isNull()
        || (value.isTextual() && value.textValue().isEmpty())) {
      return;
    }
    if (!value.isTextual()) {
      out.add(entry(path, role, null, false, notText(value), null, null, false));
      return;
    }
    for (String part : value.textValue().split(",", -1)) {
      out.add(entry(path, role, null, false, Cidrs.parseCidr(part), null, null, false));
    }
  }

  private static void pools(PoolSystem system, JsonNode spec, List<Entry> out) {
    switch (system) {
      case CALICO -> {
        boolean lb = false;
        for (JsonNode use : spec.path("allowedUses")) {
          lb |= "LoadBalancer".equals(use.asText(""));
        }
        JsonNode cidr = spec.path("cidr");
        if (present(cidr)) {
          out.add(entry("spec.cidr", Role.POOL, system, lb, cidr(cidr), null, null, false));
        }
      }
      case CILIUM_POD -> {
        for (String family : new String[] {"ipv4", "ipv6"}) {
          JsonNode cidrs = spec.path(family).path("cidrs");
          if (cidrs.isArray()) {
            for (int i = 0; i < cidrs.size(); i++) {
              out.add(
                  entry(
                      FieldPaths.index("spec." + family + ".cidrs", i),
                      Role.POOL,
                      system,
                      false,
                      cidr(cidrs.get(i)),
                      null,
                      null,
                      false));
            }
          }
        }
      }
      case CILIUM_LB -> {
        // v2alpha1 called the list "cidrs" before it became "blocks"; both hold cidr or start/stop
        // items.
        for (String field : new String[] {"blocks", "cidrs"}) {
          JsonNode blocks = spec.path(field);
          if (!blocks.isArray()) {
            continue;
          }
          for (int i = 0; i < blocks.size(); i++) {
            String base = FieldPaths.index("spec." + field, i);
            JsonNode b = blocks.get(i);
            if (present(b.path("cidr"))) {
              out.add(
                  entry(
                      base + ".cidr",
                      Role.POOL,
                      system,
                      true,
                      cidr(b.path("cidr")),
                      null,
                      null,
                      false));
            } else if (present(b.path("start"))) {
              out.add(
                  entry(
                      base + ".start", Role.POOL, system, true, ciliumRange(b), null, null, false));
            } else if (present(b.path("stop"))) {
              out.add(
                  entry(
                      base + ".stop",
                      Role.POOL,
                      system,
                      true,
                      Cidrs.Result.error(
                          "the block has a stop address but no start; add start, or use cidr."),
                      null,
                      null,
                      false));
            }
          }
        }
      }
      case METALLB -> {
        JsonNode addresses = spec.path("addresses");
        if (addresses.isArray()) {
          for (int i = 0; i < addresses.size(); i++) {
            JsonNode a = addresses.get(i);
            Cidrs.Result r = a.isTextual() ? Cidrs.parseCidrOrRange(a.textValue()) : notText(a);
            out.add(
                entry(
                    FieldPaths.index("spec.addresses", i),
                    Role.POOL,
                    system,
                    true,
                    r,
                    null,
                    null,
                    false));
          }
        }
      }
      default -> {}
    }
  }

  /** Cilium: a block with only {@code start} is that single address. */
  private static Cidrs.Result ciliumRange(JsonNode block) {
    JsonNode start = block.path("start");
    JsonNode stop = block.path("stop");
    if (!start.isTextual()) {
      return notText(start);
    }
    if (!present(stop)) {
      return Cidrs.parseAddress(start.textValue());
    }
    if (!stop.isTextual()) {
      return notText(stop);
    }
    return Cidrs.parseRange(
        start.textValue(), stop.textValue(), start.textValue() + "-" + stop.textValue());
  }

  private static void policyRules(
      JsonNode rules, String base, String peersField, boolean ingress, List<Entry> out) {
    if (!rules.isArray()) {
      return;
    }
    for (int r = 0; r < rules.size(); r++) {
      JsonNode rule = rules.get(r);
      JsonNode peers = rule.path(peersField);
      if (!peers.isArray()) {
        continue;
      }
      String peersPath = FieldPaths.child(FieldPaths.index(base, r), peersField);
      for (int p = 0; p < peers.size(); p++) {
        JsonNode ipBlock = peers.get(p).path("ipBlock");
        if (!ipBlock.isObject() || !present(ipBlock.path("cidr"))) {
          continue;
        }
        String blockPath = FieldPaths.child(FieldPaths.index(peersPath, p), "ipBlock");
        Entry cidr =
            entry(
                FieldPaths.child(blockPath, "cidr"),
                Role.IPBLOCK,
                null,
                false,
                cidr(ipBlock.path("cidr")),
                null,
                rule,
                ingress);
        out.add(cidr);
        JsonNode except = ipBlock.path("except");
        if (except.isArray()) {
          for (int e = 0; e < except.size(); e++) {
            out.add(
                entry(
                    FieldPaths.index(FieldPaths.child(blockPath, "except"), e),
                    Role.IPBLOCK_EXCEPT,
                    null,
                    false,
                    cidr(except.get(e)),
                    cidr,
                    rule,
                    ingress));
          }
        }
      }
    }
  }

  private static void service(JsonNode spec, List<Entry> out) {
    JsonNode ranges = spec.path("loadBalancerSourceRanges");
    if (ranges.isArray()) {
      for (int i = 0; i < ranges.size(); i++) {
        JsonNode v = ranges.get(i);
        // The apiserver accepts these space-padded (a legacy of the annotation they replaced).
        Cidrs.Result r = v.isTextual() ? Cidrs.parseCidr(v.textValue().trim()) : notText(v);
        out.add(
            entry(
                FieldPaths.index("spec.loadBalancerSourceRanges", i),
                Role.SOURCE_RANGE,
                null,
                false,
                r,
                null,
                null,
                false));
      }
    }
    JsonNode external = spec.path("externalIPs");
    if (external.isArray()) {
      for (int i = 0; i < external.size(); i++) {
        JsonNode v = external.get(i);
        out.add(
            entry(
                FieldPaths.index("spec.externalIPs", i),
                Role.EXTERNAL_IP,
                null,
                false,
                address(v),
                null,
                null,
                false));
      }
    }
    JsonNode lbIp = spec.path("loadBalancerIP");
    if (present(lbIp) && !(lbIp.isTextual() && lbIp.textValue().isEmpty())) {
      out.add(
          entry(
              "spec.loadBalancerIP",
              Role.LOAD_BALANCER_IP,
              null,
              false,
              address(lbIp),
              null,
              null,
              false));
    }
  }

  private static void single(JsonNode v, String path, Role role, List<Entry> out) {
    if (present(v) && !(v.isTextual() && v.textValue().isEmpty())) {
      out.add(entry(path, role, null, false, cidr(v), null, null, false));
    }
  }

  private static void list(JsonNode values, String path, Role role, List<Entry> out) {
    if (!values.isArray()) {
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      out.add(
          entry(
              FieldPaths.index(path, i),
              role,
              null,
              false,
              cidr(values.get(i)),
              null,
              null,
              false));
    }
  }

  private static Entry entry(
      String path,
      Role role,
      PoolSystem system,
      boolean lb,
      Cidrs.Result parsed,
      Entry block,
      JsonNode rule,
      boolean ingress) {
    return new Entry(path, role, system, lb, parsed, block, rule, ingress);
  }

  private static Cidrs.Result cidr(JsonNode v) {
    return v.isTextual() ? Cidrs.parseCidr(v.textValue()) : notText(v);
  }

  private static Cidrs.Result address(JsonNode v) {
    return v.isTextual() ? Cidrs.parseAddress(v.textValue()) : notText(v);
  }

  private static Cidrs.Result notText(JsonNode v) {
    String what = v.isArray() ? "a list" : v.isObject() ? "an object" : v.toString();
    return Cidrs.Result.error(what + " is not a string; write the address or CIDR as a string.");
  }

  private static boolean present(JsonNode v) {
    return !v.isMissingNode() && !v.isNull();
  }
}
