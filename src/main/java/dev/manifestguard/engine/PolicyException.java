package dev.manifestguard.engine;

/** A policy file that cannot be used; the message names the key and what is wrong. */
public class PolicyException extends Exception {
  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
