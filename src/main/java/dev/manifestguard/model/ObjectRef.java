package dev.manifestguard.model;

/** Who an object is: enough to name it in a message. Namespace is "" for cluster-scoped kinds. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  /** {@code Kind namespace/name}, or {@code Kind name} for cluster-scoped objects. */
  public String display() {
    return display(kind, name);
  }

  /**
   * As {@link #display()}, with stand-ins for an object that has no kind or no name (a broken
   * manifest, a review whose object says less than its request).
   */
  public String display(String kindIfNone, String nameIfNone) {
    return (kind.isEmpty() ? kindIfNone : kind)
        + " "
        + (namespace == null || namespace.isEmpty() ? "" : namespace + "/")
        + (name.isEmpty() ? nameIfNone : name);
  }

  /** The API group of the apiVersion: "" for the core group ({@code v1}). */
  public String group() {
    return Kinds.groupOf(apiVersion);
  }
}
