package dev.manifestguard.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.manifestguard.model.PodSpecs.ContainerRef;
import dev.manifestguard.model.PodSpecs.PodSpecRef;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Objects for the model's tests, written inline as JSON. */
final class TestManifests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestManifests() {}

  /** The object, in namespace default. */
  static Manifest of(String json) {
    try {
      return Manifest.of(JSON.readTree(json), "default");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every container of every pod spec of the object, as the rules see them. */
  static List<ContainerRef> containers(Manifest m) {
    List<ContainerRef> all = new ArrayList<>();
    for (PodSpecRef p : PodSpecs.find(m)) {
      all.addAll(PodSpecs.containers(p));
    }
    return all;
  }
}
