package dev.manifestguard.load;

import dev.manifestguard.model.Location;

/** Input that could not be read as YAML or JSON, with where the reader gave up. */
public record ParseProblem(String file, Location location, String message) {}
