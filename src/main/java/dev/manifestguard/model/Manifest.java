package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object as a JSON tree, plus where it came from. Objects from the webhook have no
 * file and no locations; objects from the CLI know the line and column of every value.
 */
public final class Manifest {
  private final JsonNode object;
  private final String file;
  private final SourceLocations locations;
  private final int locationRoot;
  private final String locationPrefix;
  private final ObjectRef ref;

  private Manifest(
      JsonNode object,
      String file,
      SourceLocations locations,
      int locationRoot,
      String locationPrefix,
      String defaultNamespace) {
    this.object = object;
    this.file = file;
    this.locations = locations;
    this.locationRoot = locationRoot;
    this.locationPrefix = locationPrefix == null ? "" : locationPrefix;
    this.ref = refOf(object, defaultNamespace);
  }

  /** An object that came without a source file (an admission request). */
  public static Manifest of(JsonNode object, String requestNamespace) {
    return new Manifest(object, null, null, 0, null, requestNamespace);
  }

  /**
   * An object read from a file. {@code locationPrefix} is the path of the object inside the parsed
   * document (for items of a {@code List}: {@code items[3]}) and {@code locationRoot} its number
   * among the document's {@code locations}.
   */
  public static Manifest fromFile(
      JsonNode object,
      String file,
      SourceLocations locations,
      int locationRoot,
      String locationPrefix) {
    return new Manifest(object, file, locations, locationRoot, locationPrefix, null);
  }

  /**
   * The same object with another default namespace: the namespace it is reported in when it names
   * none itself (the CLI's {@code --namespace}, as {@code kubectl apply -n} would place it).
   */
  public Manifest withDefaultNamespace(String namespace) {
    return new Manifest(object, file, locations, locationRoot, locationPrefix, namespace);
  }

  public JsonNode object() {
    return object;
  }

  /** The file the object was read from, or null. */
  public String file() {
    return file;
  }

  public ObjectRef ref() {
    return ref;
  }

  public String apiVersion() {
    return ref.apiVersion();
  }

  public String kind() {
    return ref.kind();
  }

  public JsonNode metadata() {
    return object.path("metadata");
  }

  /** The line and column of the value at {@code path}, or of its nearest ancestor that has one. */
  public Location locate(String path) {
    if (locations == null) {
      return Location.NONE;
    }
    String p = path == null ? "" : path;
    while (p != null) {
      String full = locationPrefix.isEmpty() ? p : (p.isEmpty() ? locationPrefix : joinPrefix(p));
      Location loc = locations.find(object, locationRoot, locationPrefix, full);
      if (loc != null) {
        return loc;
      }
      p = FieldPaths.parent(p);
    }
    return Location.NONE;
  }

  private String joinPrefix(String p) {
    return p.startsWith("[") ? locationPrefix + p : locationPrefix + "." + p;
  }

  private static ObjectRef refOf(JsonNode object, String defaultNamespace) {
    String apiVersion = JsonText.text(object.path("apiVersion"));
    String kind = JsonText.text(object.path("kind"));
    JsonNode meta = object.path("metadata");
    String name = JsonText.text(meta.path("name"));
    if (name.isEmpty() && !JsonText.text(meta.path("generateName")).isEmpty()) {
      name = JsonText.text(meta.path("generateName")) + "*";
    }
    String namespace = JsonText.text(meta.path("namespace"));
    if (Kinds.isClusterScoped(apiVersion, kind)) {
      namespace = "";
    } else if (namespace.isEmpty()) {
      namespace =
          defaultNamespace == null || defaultNamespace.isEmpty() ? "default" : defaultNamespace;
    }
    return new ObjectRef(apiVersion, kind, namespace, name);
  }
}
