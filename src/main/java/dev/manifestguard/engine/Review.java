package dev.manifestguard.engine;

import dev.manifestguard.model.Manifest;

/**
 * One object to judge, with the request around it.
 *
 * @param oldObject the stored object on UPDATE, else null
 * @param mode which front door asks
 * @param dryRun an admission request with {@code dryRun: true}
 * @param user the requesting user, or null
 */
public record Review(Manifest object, Manifest oldObject, Mode mode, boolean dryRun, String user) {

  /** The front door a review comes through; {@link Rule} says what a rule may ask of it. */
  public enum Mode {
    /**
     * The webhook: the apiserver has decoded and validated the object against its own schema, and
     * the cluster state is the live cluster (or nothing, when none is configured).
     */
    ADMISSION,
    /**
     * The CLI (and the fixture tests): an object read from a file, checked with the other objects
     * of its bundle; nobody has validated it, and the cluster state is the bundle plus what {@code
     * --cluster-state} or {@code --kubeconfig} gave.
     */
    OFFLINE
  }

  /** An admission request for an object (CREATE, or UPDATE when {@code oldObject} is given). */
  public static Review admission(Manifest object, Manifest oldObject, boolean dryRun, String user) {
    return new Review(object, oldObject, Mode.ADMISSION, dryRun, user);
  }

  /** An object read by the CLI. */
  public static Review offline(Manifest object) {
    return new Review(object, null, Mode.OFFLINE, false, null);
  }
}
