package dev.manifestguard.engine;

import java.util.Locale;

public enum Category {
  RESOURCES,
  RBAC,
  STORAGE,
  NETWORK,
  SECURITY,
  RELIABILITY,
  SCHEMA;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
