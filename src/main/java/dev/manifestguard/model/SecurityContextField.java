package dev.manifestguard.model;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a container's security context that the rules read, kept in slots as {@link
 * ContainerField}.
 */
public enum SecurityContextField {
  PRIVILEGED("privileged"),
  CAPABILITIES("capabilities"),
  WINDOWS_OPTIONS("windowsOptions"),
  APP_ARMOR_PROFILE("appArmorProfile"),
  SE_LINUX_OPTIONS("seLinuxOptions"),
  PROC_MOUNT("procMount"),
  SECCOMP_PROFILE("seccompProfile"),
  RUN_AS_USER("runAsUser"),
  RUN_AS_NON_ROOT("runAsNonRoot"),
  ALLOW_PRIVILEGE_ESCALATION("allowPrivilegeEscalation");

  /** How many there are: the size of a container's slots. */
  static final int COUNT = values().length;

  private static final Map<String, SecurityContextField> BY_KEY = new HashMap<>();

  static {
    for (SecurityContextField f : values()) {
      BY_KEY.put(f.key, f);
    }
  }

  private final String key;

  SecurityContextField(String key) {
    this.key = key;
  }

  /** The field's name in the SecurityContext schema. */
  public String key() {
    return key;
  }

  /** The slot of a security context's field by its name, or -1 for a field without one. */
  static int slotOf(String key) {
    SecurityContextField f = BY_KEY.get(key);
    return f == null ? -1 : f.ordinal();
  }
}
