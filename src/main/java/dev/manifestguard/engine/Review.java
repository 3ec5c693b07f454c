package dev.manifestguard.engine;

import dev.manifestguard.model.Manifest;

/**
 * One object to judge, with the request around it.
 *
 * @param oldObject the stored object on UPDATE, else null
 * @param operation CREATE, UPDATE, DELETE, CONNECT; "CHECK" in the CLI
 * @param user the requesting user, or null
 */
public record Review(Manifest object, Manifest oldObject, String operation, boolean dryRun, String user) {

  public static Review ofCli(Manifest object) {
    return new Review(object, null, "CHECK", false, null);
  }
}
