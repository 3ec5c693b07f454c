package dev.manifestguard.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Helm chart ({@code helm template}) or a kustomization ({@code kustomize build}, else
 * {@code kubectl kustomize}) with the binaries found on {@code PATH}, into texts the loader checks.
 *
 * <p>A chart's output is split on Helm's {@code # Source:} comments: each template becomes one text
 * named {@code CHART_DIR/templates/x.yaml}, holding that template's documents exactly as {@code
 * helm template --show-only templates/x.yaml} prints them, so a finding's line is the line in that
 * output. A kustomization's output is one text named after the kustomization directory.
 */
final class Renderer {
  /** Options of {@code --helm-*} and {@code --namespace}. */
  record HelmOptions(List<String> values, List<String> set, String release, String namespace) {
    static final HelmOptions NONE = new HelmOptions(List.of(), List.of(), null, null);
  }

  static final String DEFAULT_RELEASE = "release-name";
  static final long TIMEOUT_SECONDS = 300;

  private final Map<String, String> env;
  private final HelmOptions helm;
  private int charts;

  Renderer(Map<String, String> env, HelmOptions helm) {
    this.env = env;
    this.helm = helm;
  }

  static boolean isChart(Path dir) {
    return Files.isRegularFile(dir.resolve("Chart.yaml"));
  }

  static Path kustomization(Path dir) {
    for (String n : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
      if (Files.isRegularFile(dir.resolve(n))) {
        return dir.resolve(n);
      }
    }
    return null;
  }

  /** The templates of a chart, rendered. */
  List<Inputs.Text> chart(String given) throws CliException {
    charts++;
    String helmBin = find("helm");
    if (helmBin == null) {
      throw new CliException(
          given
              + ": is a Helm chart, but helm is not on PATH; install Helm 3 or render the chart"
              + " yourself: helm template "
              + given
              + " | check -");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(helmBin);
    cmd.add("template");
    cmd.add(helm.release() == null ? DEFAULT_RELEASE : helm.release());
    cmd.add(given);
    if (helm.namespace() != null) {
      cmd.add("--namespace");
      cmd.add(helm.namespace());
    }
    for (String v : helm.values()) {
      cmd.add("--values");
      cmd.add(v);
    }
    for (String s : helm.set()) {
      cmd.add("--set");
      cmd.add(s);
    }
    Result r = run(cmd);
    if (r.code() != 0) {
      String msg = r.err().strip();
      String hint =
          msg.contains("missing in charts/ directory") || msg.contains("dependencies")
              ? "; the chart's dependencies (sub-charts) are missing: run 'helm dependency build "
                  + given
                  + "' first"
              : "";
      throw new CliException(given + ": helm template failed: " + msg + hint);
    }
    return splitBySource(given, r.out());
  }

  /** A usage error when chart options were given but no PATH was a chart. */
  void requireChartFor(HelmOptions options) throws CliException {
    if (charts == 0
        && (!options.values().isEmpty() || !options.set().isEmpty() || options.release() != null)) {
      throw new CliException(
          "--helm-values, --helm-set and --helm-release need a chart PATH (a directory with"
              + " Chart.yaml)");
    }
  }

  /** A kustomization directory, built. */
  List<Inputs.Text> kustomize(String given) throws CliException {
    List<String> cmd = new ArrayList<>();
    String kustomize = find("kustomize");
    String tool;
    if (kustomize != null) {
      cmd.addAll(List.of(kustomize, "build", given));
      tool = "kustomize build";
    } else {
      String kubectl = find("kubectl");
      if (kubectl == null) {
        throw new CliException(
            given
                + ": is a kustomization, but neither kustomize nor kubectl is on PATH; install"
                + " one or build it yourself: kustomize build "
                + given
                + " | check -");
      }
      cmd.addAll(List.of(kubectl, "kustomize", given));
      tool = "kubectl kustomize";
    }
    Result r = run(cmd);
    if (r.code() != 0) {
      throw new CliException(given + ": " + tool + " failed: " + r.err().strip());
    }
    return List.of(new Inputs.Text(given, r.out()));
  }

  /**
   * One text per {@code # Source:} template, named below the chart directory as given; documents
   * without a source comment (none in Helm 3 output) go under the chart directory itself.
   */
  static List<Inputs.Text> splitBySource(String given, String output) {
    Map<String, StringBuilder> byFile = new LinkedHashMap<>();
    StringBuilder current = null;
    StringBuilder pending = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith("# Source: ")) {
        String source = line.substring("# Source: ".length()).trim();
        int slash = source.indexOf('/');
        String rel = slash < 0 ? source : source.substring(slash + 1);
        String name = given.endsWith("/") ? given + rel : given + "/" + rel;
        current = byFile.computeIfAbsent(name, k -> new StringBuilder());
        current.append(pending);
        pending.setLength(0);
        current.append(line).append('\n');
      } else if (line.equals("---")) {
        // the separator belongs to the document that follows it
        pending.append(line).append('\n');
      } else if (current != null) {
        current.append(pending).append(line).append('\n');
        pending.setLength(0);
      } else if (!line.isBlank()) {
        current = byFile.computeIfAbsent(given, k -> new StringBuilder());
        current.append(pending).append(line).append('\n');
        pending.setLength(0);
      }
    }
    List<Inputs.Text> out = new ArrayList<>();
    byFile.forEach((k, v) -> out.add(new Inputs.Text(k, v.toString())));
    return out;
  }

  private String find(String name) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private record Result(int code, String out, String err) {}

  private Result run(List<String> cmd) throws CliException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new CliException("cannot run " + cmd.get(0) + ": " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new CliException(
            String.join(" ", cmd) + ": no answer within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new CliException("cannot run " + cmd.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new CliException(cmd.get(0) + ": interrupted");
    }
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
