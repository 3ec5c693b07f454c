package dev.manifestguard.load;

import dev.manifestguard.model.Manifest;
import java.util.List;

/** The objects read from one file (or stdin), and what could not be read. */
public record LoadedSource(String file, List<Manifest> manifests, List<ParseProblem> problems) {}
