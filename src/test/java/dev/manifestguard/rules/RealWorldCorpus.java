package dev.manifestguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real-world corpus of ../shared, read in place: its files as its manifest.tsv lists them. */
public final class RealWorldCorpus {
  public static final Path DIR = Path.of("..", "shared", "corpus", "real-world");

  private RealWorldCorpus() {}

  /** The listed files, relative to {@link #DIR}; fails unless the corpus is there and whole. */
  public static List<String> files() throws IOException {
    Path manifest = DIR.resolve("manifest.tsv");
    assertThat(manifest).as("the corpus, ../shared/corpus/real-world").exists();
    List<String> files =
        Files.readAllLines(manifest).stream()
            .skip(1)
            .filter(l -> !l.isBlank())
            .map(l -> l.split("\t", 2)[0])
            .toList();
    assertThat(files).as("the corpus, ../shared/corpus/real-world").hasSizeGreaterThan(500);
    return files;
  }
}
