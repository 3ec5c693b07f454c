package dev.manifestguard.model;

/** Who an object is: enough to name it in a message. Namespace is "" for cluster-scoped kinds. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** {@code Kind namespace/name}, or {@code Kind name} for cluster-scoped objects. */
  public String display() {
    return kind + " " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  /** The API group of the apiVersion: "" for the core group ({@code v1}). */
  public String group() {
    return Kinds.groupOf(apiVersion);
  }
}
