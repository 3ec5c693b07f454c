package dev.manifestguard.cli;

/**
 * A problem that ends the CLI with exit code 2: bad usage, an unreadable path, an invalid policy
 * file.
 */
final class CliException extends Exception {
  CliException(String message) {
    super(message);
  }
}
