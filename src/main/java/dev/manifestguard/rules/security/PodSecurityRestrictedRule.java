package dev.manifestguard.rules.security;

import static dev.manifestguard.model.JsonText.scalar;
import static dev.manifestguard.rules.security.PodSecurity.describe;
import static dev.manifestguard.rules.security.PodSecurity.isFalse;
import static dev.manifestguard.rules.security.PodSecurity.isTrue;
import static dev.manifestguard.rules.security.PodSecurity.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.Findings;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleContext;
import dev.manifestguard.engine.RuleMeta;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.PodSpecs;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import dev.manifestguard.model.SecurityContextField;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What the Pod Security Standards "restricted" profile adds to baseline. Where a restricted control
 * tightens a baseline one (hostPath among the volume types, an Unconfined seccomp profile, a
 * capability outside the default set), the part baseline already reports is left to {@code
 * pod-security-baseline}, so one violation is one finding; both rules together are the full
 * restricted profile.
 */
public final class PodSecurityRestrictedRule implements Rule {
  private static final RuleMeta META =
      RuleMeta.of(
          "pod-security-restricted",
          Category.SECURITY,
          Action.WARN,
          PodSpecs.POD_KINDS,
          "The extra controls of the Pod Security Standards restricted profile: runAsNonRoot, non-zero runAsUser, "
              + "allowPrivilegeEscalation false, capabilities drop ALL, seccomp RuntimeDefault or Localhost, volume types.",
          "Set runAsNonRoot: true and seccompProfile.type: RuntimeDefault in the pod securityContext, and "
              + "allowPrivilegeEscalation: false with capabilities.drop: [ALL] in every container's securityContext.");

  private static final Set<String> ALLOWED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "image",
          "persistentVolumeClaim",
          "projected",
          "secret");

  @Override
  public RuleMeta meta() {
    return META;
  }

  @Override
  public void check(RuleContext ctx, Findings out) {
    for (PodSpecRef pod : ctx.podSpecs()) {
      check(pod, out);
    }
  }

  private void check(PodSpecRef pod, Findings out) {
    JsonNode spec = pod.spec();
    JsonNode psc = spec.path("securityContext");
    String pscPath = PodSecurity.podSecurityContextPath(pod);
    boolean windows = PodSecurity.windows(pod);
    boolean userNamespace = PodSecurity.userNamespace(pod);
    List<ContainerRef> containers = PodSpecs.containers(pod);

    volumeTypes(pod, out);

    if (!windows) {
      for (ContainerRef c : containers) {
        JsonNode ape = c.securityContext(SecurityContextField.ALLOW_PRIVILEGE_ESCALATION);
        if (isTrue(ape)) {
          out.add(
              FieldPaths.child(PodSecurity.securityContextPath(c), "allowPrivilegeEscalation"),
              "Privilege Escalation: "
                  + describe(c)
                  + " sets allowPrivilegeEscalation=true; set it to false.");
        } else if (!isFalse(ape)) {
          out.add(
              c.path(),
              "Privilege Escalation: "
                  + describe(c)
                  + " does not set securityContext.allowPrivilegeEscalation=false; set it.");
        }
      }
    }

    if (!userNamespace) {
      JsonNode podNonRoot = psc.path("runAsNonRoot");
      if (isFalse(podNonRoot)) {
        out.add(
            FieldPaths.child(pscPath, "runAsNonRoot"),
            "Running as Non-root: the pod sets runAsNonRoot=false; set it to true.");
      }
      for (ContainerRef c : containers) {
        JsonNode nonRoot = c.securityContext(SecurityContextField.RUN_AS_NON_ROOT);
        if (isFalse(nonRoot)) {
          out.add(
              FieldPaths.child(PodSecurity.securityContextPath(c), "runAsNonRoot"),
              "Running as Non-root: " + describe(c) + " sets runAsNonRoot=false; set it to true.");
        } else if (!isTrue(nonRoot) && !isTrue(podNonRoot) && !isFalse(podNonRoot)) {
          out.add(
              c.path(),
              "Running as Non-root: neither the pod nor "
                  + describe(c)
                  + " sets securityContext.runAsNonRoot=true; set it on the pod.");
        }
      }
      if (isRoot(psc.path("runAsUser"))) {
        out.add(
            FieldPaths.child(pscPath, "runAsUser"),
            "Running as Non-root user: the pod sets runAsUser=0; use a non-zero user id.");
      }
      for (ContainerRef c : containers) {
        if (isRoot(c.securityContext(SecurityContextField.RUN_AS_USER))) {
          out.add(
              FieldPaths.child(PodSecurity.securityContextPath(c), "runAsUser"),
              "Running as Non-root user: "
                  + describe(c)
                  + " sets runAsUser=0; use a non-zero user id.");
        }
      }
    }

    if (!windows) {
      // An explicit but wrong profile is a baseline finding; restricted adds that one must be set
      // at all.
      boolean podSeccomp = present(psc.path("seccompProfile"));
      for (ContainerRef c : containers) {
        if (!podSeccomp && !present(c.securityContext(SecurityContextField.SECCOMP_PROFILE))) {
          out.add(
              c.path(),
              "Seccomp: neither the pod nor "
                  + describe(c)
                  + " sets securityContext.seccompProfile; set type RuntimeDefault (or Localhost) on the pod.");
        }
      }
      for (ContainerRef c : containers) {
        capabilities(c, out);
      }
    }

    if (userNamespace) {
      // Baseline forgives a non-default procMount in a user namespace; restricted does not.
      for (ContainerRef c : containers) {
        JsonNode procMount = c.securityContext(SecurityContextField.PROC_MOUNT);
        if (present(procMount) && !scalar(procMount).equals("Default")) {
          out.add(
              FieldPaths.child(PodSecurity.securityContextPath(c), "procMount"),
              "/proc Mount Type: "
                  + describe(c)
                  + " sets procMount="
                  + scalar(procMount)
                  + ", which unmasks /proc; remove it.");
        }
      }
    }
  }

  private static void volumeTypes(PodSpecRef pod, Findings out) {
    JsonNode volumes = pod.spec().path("volumes");
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode v = volumes.path(i);
      if (!v.isObject() || present(v.path("hostPath"))) {
        continue; // hostPath: a baseline finding already
      }
      String source = null;
      boolean allowed = false;
      for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (key.equals("name") || !present(v.path(key))) {
          continue;
        }
        if (ALLOWED_VOLUMES.contains(key)) {
          allowed = true;
        } else if (source == null) {
          source = key;
        }
      }
      if (allowed || source == null) {
        // No source at all: the apiserver defaults the volume to an emptyDir (SetDefaults_Volume)
        // before pod security admission sees it.
        continue;
      }
      String volPath = FieldPaths.index(FieldPaths.child(pod.path(), "volumes"), i);
      out.add(
          FieldPaths.child(volPath, source),
          "Volume Types: volume "
              + scalar(v.path("name"))
              + " is of type "
              + source
              + "; use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or "
              + "secret.");
    }
  }

  private static void capabilities(ContainerRef c, Findings out) {
    PodSecurity.Subject self = PodSecurity.Subject.of(c);
    JsonNode caps = c.securityContext(SecurityContextField.CAPABILITIES);
    boolean dropsAll = false;
    for (JsonNode d : caps.path("drop")) {
      dropsAll |= scalar(d).equals("ALL");
    }
    if (!dropsAll) {
      out.add(
          present(caps.path("drop"))
              ? FieldPaths.descend(self.securityContextPath(), "capabilities.drop")
              : c.path(),
          "Capabilities: "
              + self.who()
              + " does not drop ALL capabilities; set securityContext.capabilities.drop: [ALL].");
    }
    JsonNode add = caps.path("add");
    for (int i = 0; i < add.size(); i++) {
      String cap = scalar(add.path(i));
      // Capabilities beyond the default set are baseline findings.
      if (!cap.equals("NET_BIND_SERVICE")
          && PodSecurityBaselineRule.BASELINE_CAPABILITIES.contains(cap)) {
        out.add(
            FieldPaths.index(FieldPaths.descend(self.securityContextPath(), "capabilities.add"), i),
            "Capabilities: "
                + self.who()
                + " adds "
                + cap
                + "; the restricted profile allows adding only NET_BIND_SERVICE.");
      }
    }
  }

  private static boolean isRoot(JsonNode uid) {
    return (uid.isIntegralNumber() && uid.asLong() == 0)
        || (uid.isTextual() && uid.textValue().equals("0"));
  }
}
