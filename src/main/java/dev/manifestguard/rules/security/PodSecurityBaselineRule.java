package dev.manifestguard.rules.security;

import static dev.manifestguard.model.JsonText.scalar;
import static dev.manifestguard.rules.security.PodSecurity.isTrue;
import static dev.manifestguard.rules.security.PodSecurity.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.ContainerField;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.model.SecurityContextField;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standards "baseline" profile, control by control, as the latest
 * pod-security-admission evaluates it. Each violation is its own finding, named after the control.
 */
public final class PodSecurityBaselineRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "pod-security-baseline",
          Category.SECURITY,
          Action.DENY,
          PodSpecs.POD_KINDS,
          "Violations of the Pod Security Standards baseline profile: privileged containers, host namespaces, "
              + "hostPath volumes, host ports, added capabilities, unsafe sysctls, AppArmor/SELinux/seccomp/procMount "
              + "overrides, host probes.",
          "Remove the privileged setting named in the finding, or run the workload in a namespace excluded by the "
              + "policy if it really needs host access (CNI agents, node exporters).");

  /** Capabilities of the container runtimes' default set, which baseline lets a container add. */
  static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  /** Namespaced sysctls isolated from other pods (the latest baseline list). */
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes",
          "net.ipv4.tcp_rmem",
          "net.ipv4.tcp_wmem",
          "net.ipv4.tcp_slow_start_after_idle",
          "net.ipv4.tcp_notsent_lowat");

  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private static final String APPARMOR_ANNOTATION =
      "container.apparmor.security.beta.kubernetes.io/";

  private static final Map<String, String> HOST_NAMESPACES =
      Map.of("hostNetwork", "network", "hostPID", "process", "hostIPC", "IPC");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (PodSpecRef pod : ctx.podSpecs()) {
      checkPod(ctx, pod, out);
      for (ContainerRef c : PodSpecs.containers(pod)) {
        checkContainer(pod, c, out);
      }
    }
  }

  private void checkPod(RuleContext ctx, PodSpecRef pod, Findings out) {
    JsonNode spec = pod.spec();
    JsonNode psc = spec.path("securityContext");
    PodSecurity.Subject self = PodSecurity.Subject.of(pod);
    String pscPath = self.securityContextPath();

    hostProcess(psc.path("windowsOptions"), self, out);
    for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (isTrue(spec.path(field))) {
        out.add(
            FieldPaths.child(pod.path(), field),
            "Host Namespaces: the pod sets "
                + field
                + "=true and shares the node's "
                + HOST_NAMESPACES.get(field)
                + " namespace; remove it.");
      }
    }
    JsonNode volumes = spec.path("volumes");
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode v = volumes.path(i);
      if (present(v.path("hostPath"))) {
        String path = scalar(v.path("hostPath").path("path"));
        out.add(
            FieldPaths.child(
                FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i), "hostPath"),
            "HostPath Volumes: volume "
                + scalar(v.path("name"))
                + " mounts the node's "
                + (path.isEmpty() ? "filesystem" : "path " + path)
                + "; use an emptyDir, configMap, secret or persistentVolumeClaim volume instead.");
      }
    }
    profile(psc.path("appArmorProfile"), self, "AppArmor", "appArmorProfile", out);
    JsonNode meta = FieldPaths.at(ctx.object(), PodSecurity.podMetadataPath(pod));
    JsonNode annotations = meta.path("annotations");
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().startsWith(APPARMOR_ANNOTATION)) {
        String v = scalar(e.getValue());
        if (!(v.isEmpty() || v.equals("runtime/default") || v.startsWith("localhost/"))) {
          out.add(
              FieldPaths.child(
                  FieldPaths.child(PodSecurity.podMetadataPath(pod), "annotations"), e.getKey()),
              "AppArmor: annotation "
                  + e.getKey()
                  + " sets profile "
                  + v
                  + "; use runtime/default or a localhost/ profile.");
        }
      }
    }
    seLinux(psc.path("seLinuxOptions"), self, out);
    profile(psc.path("seccompProfile"), self, "Seccomp", "seccompProfile", out);
    JsonNode sysctls = psc.path("sysctls");
    for (int i = 0; i < sysctls.size(); i++) {
      String name = scalar(sysctls.path(i).path("name"));
      if (!SAFE_SYSCTLS.contains(name)) {
        out.add(
            FieldPaths.child(FieldPaths.index(FieldPaths.child(pscPath, "sysctls"), i), "name"),
            "Sysctls: the pod sets sysctl "
                + name
                + ", which is not namespaced and isolated; remove it or set it "
                + "on the node.");
      }
    }
  }

  private void checkContainer(PodSpecRef pod, ContainerRef c, Findings out) {
    // Paths and names are built only for a finding: most containers set little, a Rollout has 200
    // of them.
    PodSecurity.Subject self = PodSecurity.Subject.of(c);

    hostProcess(c.securityContext(SecurityContextField.WINDOWS_OPTIONS), self, out);
    if (isTrue(c.securityContext(SecurityContextField.PRIVILEGED))) {
      out.add(
          FieldPaths.child(self.securityContextPath(), "privileged"),
          "Privileged Containers: "
              + self.who()
              + " sets securityContext.privileged=true; remove it.");
    }
    JsonNode add = c.securityContext(SecurityContextField.CAPABILITIES).path("add");
    String addPath =
        add.size() == 0 ? null : FieldPaths.descend(self.securityContextPath(), "capabilities.add");
    for (int i = 0; i < add.size(); i++) {
      String cap = scalar(add.path(i));
      if (!BASELINE_CAPABILITIES.contains(cap)) {
        out.add(
            FieldPaths.index(addPath, i),
            "Capabilities: "
                + self.who()
                + " adds "
                + cap
                + ", which is beyond the runtime's default set; remove it.");
      }
    }
    JsonNode ports = c.field(ContainerField.PORTS);
    for (int i = 0; i < ports.size(); i++) {
      JsonNode hp = ports.path(i).path("hostPort");
      if (present(hp) && !scalar(hp).equals("0")) {
        out.add(
            FieldPaths.child(FieldPaths.index(FieldPaths.child(c.path(), "ports"), i), "hostPort"),
            "Host Ports: "
                + self.who()
                + " binds host port "
                + scalar(hp)
                + "; remove hostPort and expose the port through a Service.");
      }
    }
    JsonNode appArmor = c.securityContext(SecurityContextField.APP_ARMOR_PROFILE);
    if (present(appArmor)) {
      profile(appArmor, self, "AppArmor", "appArmorProfile", out);
    }
    JsonNode seLinux = c.securityContext(SecurityContextField.SE_LINUX_OPTIONS);
    if (seLinux.isObject()) {
      seLinux(seLinux, self, out);
    }
    JsonNode procMount = c.securityContext(SecurityContextField.PROC_MOUNT);
    if (present(procMount)
        && !scalar(procMount).equals("Default")
        && !PodSecurity.userNamespace(pod)) {
      out.add(
          FieldPaths.child(self.securityContextPath(), "procMount"),
          "/proc Mount Type: "
              + self.who()
              + " sets procMount="
              + scalar(procMount)
              + ", which unmasks /proc; remove it (or run the pod with hostUsers: false).");
    }
    JsonNode seccomp = c.securityContext(SecurityContextField.SECCOMP_PROFILE);
    if (present(seccomp)) {
      profile(seccomp, self, "Seccomp", "seccompProfile", out);
    }
    for (ContainerField probe : PROBES) {
      JsonNode handler = c.field(probe);
      if (handler.isObject()) {
        hostHandler(handler, self, null, probe.key(), out);
      }
    }
    for (String hook : HOOKS) {
      JsonNode handler = c.field(ContainerField.LIFECYCLE).path(hook);
      if (handler.isObject()) {
        hostHandler(handler, self, "lifecycle", hook, out);
      }
    }
  }

  /** {@code windowsOptions} of a pod's or container's security context. */
  private static void hostProcess(JsonNode windowsOptions, PodSecurity.Subject self, Findings out) {
    if (isTrue(windowsOptions.path("hostProcess"))) {
      out.add(
          FieldPaths.descend(self.securityContextPath(), "windowsOptions.hostProcess"),
          "HostProcess: "
              + self.who()
              + " sets windowsOptions.hostProcess=true, which gives full access to the Windows "
              + "node; remove it.");
    }
  }

  /**
   * An AppArmor or seccomp profile (the security context's {@code field}) of a type other than
   * RuntimeDefault or Localhost.
   */
  private static void profile(
      JsonNode profile, PodSecurity.Subject self, String control, String field, Findings out) {
    if (!present(profile)) {
      return;
    }
    String type = scalar(profile.path("type"));
    if (!type.equals("RuntimeDefault") && !type.equals("Localhost")) {
      out.add(
          FieldPaths.child(FieldPaths.child(self.securityContextPath(), field), "type"),
          control
              + ": "
              + self.who()
              + " sets "
              + field
              + ".type="
              + (type.isEmpty() ? "\"\"" : type)
              + "; use RuntimeDefault or Localhost.");
    }
  }

  private static void seLinux(JsonNode opts, PodSecurity.Subject self, Findings out) {
    if (!opts.isObject()) {
      return;
    }
    String path = FieldPaths.child(self.securityContextPath(), "seLinuxOptions");
    String who = self.who();
    String type = scalar(opts.path("type"));
    if (!SELINUX_TYPES.contains(type)) {
      out.add(
          FieldPaths.child(path, "type"),
          "SELinux: "
              + who
              + " sets seLinuxOptions.type="
              + type
              + "; use container_t, container_init_t, container_kvm_t or container_engine_t, or leave it unset.");
    }
    for (String field : List.of("user", "role")) {
      if (!scalar(opts.path(field)).isEmpty()) {
        out.add(
            FieldPaths.child(path, field),
            "SELinux: " + who + " sets seLinuxOptions." + field + "; remove it.");
      }
    }
  }

  private static final List<ContainerField> PROBES =
      List.of(
          ContainerField.LIVENESS_PROBE,
          ContainerField.READINESS_PROBE,
          ContainerField.STARTUP_PROBE);
  private static final List<String> HOOKS = List.of("postStart", "preStop");
  private static final List<String> HANDLER_ACTIONS = List.of("httpGet", "tcpSocket");

  /**
   * A probe or lifecycle hook ({@code field}, under {@code parent} when not null) of the container.
   */
  private static void hostHandler(
      JsonNode handler, PodSecurity.Subject self, String parent, String field, Findings out) {
    for (String action : HANDLER_ACTIONS) {
      String host = scalar(handler.path(action).path("host"));
      if (!host.isEmpty()) {
        String path =
            FieldPaths.child(
                parent == null ? self.path() : FieldPaths.child(self.path(), parent), field);
        out.add(
            FieldPaths.child(FieldPaths.child(path, action), "host"),
            "Host Probes / Lifecycle Hooks: "
                + self.who()
                + " sends "
                + field
                + " requests to host "
                + host
                + "; remove the host field so the request goes to the pod's own IP.");
      }
    }
  }
}
