package dev.manifestguard.cli;

import dev.manifestguard.cli.BatchCheck.Checked;
import dev.manifestguard.cluster.LiveSnapshot;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.PolicyException;
import dev.manifestguard.engine.PolicyParser;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.engine.RuleRegistry;
import dev.manifestguard.load.LoadedSource;
import dev.manifestguard.load.ManifestLoader;
import dev.manifestguard.load.ParseProblem;
import dev.manifestguard.rules.AllRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code check [options] PATH...}: the offline CLI of INTERFACES.md. Runs without CDI or the HTTP
 * server.
 *
 * <p>The command line is declared with picocli's programmatic {@link CommandSpec} API rather than
 * annotations: nothing is bound by reflection, so a native image needs no extra configuration for
 * it.
 *
 * <p>Exit codes: 0 no deny finding, 1 at least one deny finding (an unreadable document counts), 2
 * usage error, unreadable path, invalid policy or cluster-state file (message on stderr).
 */
public final class CheckCommand {
  public static final int OK = 0;
  public static final int DENIED = 1;
  public static final int USAGE = 2;

  static final Set<String> CHECK_FORMATS = Set.of("text", "json", "sarif", "junit");
  static final Set<String> LIST_FORMATS = Set.of("text", "json", "markdown");

  private CheckCommand() {}

  /** Runs {@code check} with the process's standard input. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.in, out, err);
  }

  /** Runs {@code check}; returns the exit code and never calls {@code System.exit}. */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    return run(args, stdin, out, err, AllRules.registry());
  }

  /**
   * As {@link #run(String[], InputStream, PrintStream, PrintStream)} with another catalogue
   * (tests).
   */
  static int run(
      String[] args, InputStream stdin, PrintStream out, PrintStream err, RuleRegistry registry) {
    CommandSpec spec = spec();
    CommandLine cli = new CommandLine(spec);
    cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (ParameterException e) {
      err.println("check: " + e.getMessage());
      err.println("Try 'check --help' for the options.");
      return USAGE;
    }
    if (parsed.isUsageHelpRequested()) {
      cli.usage(out);
      return OK;
    }
    if (parsed.isVersionHelpRequested()) {
      out.println("manifest-guard " + version());
      return OK;
    }
    try {
      return new Run(parsed, stdin, out).execute(registry);
    } catch (CliException e) {
      err.println("check: " + e.getMessage());
      return USAGE;
    } catch (IOException e) {
      err.println("check: cannot write output: " + e.getMessage());
      return USAGE;
    }
  }

  static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name("check");
    spec.usageMessage()
        .width(100)
        .sortOptions(false)
        .customSynopsis(
            "java -jar quarkus-run.jar check [options] PATH...",
            "       java -jar quarkus-run.jar check --list-rules [-o text|json|markdown]")
        .description("Checks Kubernetes manifests offline with the webhook's rules.")
        .footerHeading("%nExit codes:%n")
        .footer(
            "  0  no deny finding",
            "  1  at least one deny finding (a file that is not valid YAML or JSON counts)",
            "  2  usage error, unreadable path, invalid policy or cluster-state file");
    spec.version("manifest-guard " + version());
    spec.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("PATH")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description(
                "file, directory (recursive: *.yaml, *.yml, *.json), or - for stdin; "
                    + "multi-document YAML and List kinds are split")
            .build());
    spec.addOption(
        OptionSpec.builder("-o", "--output")
            .paramLabel("FORMAT")
            .type(String.class)
            .description(
                "text (default) | json | sarif | junit; with --list-rules: text | json | markdown")
            .build());
    spec.addOption(
        OptionSpec.builder("--policy")
            .paramLabel("FILE")
            .type(String.class)
            .description("policy file (same format as the webhook's)")
            .build());
    spec.addOption(
        OptionSpec.builder("--cluster-state")
            .paramLabel("PATH")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description(
                "manifests describing what already exists in the cluster (not themselves checked); "
                    + "repeatable")
            .build());
    spec.addOption(
        OptionSpec.builder("--kubeconfig")
            .paramLabel("FILE")
            .type(String.class)
            .description("read cluster state from a live cluster, read-only")
            .build());
    spec.addOption(
        OptionSpec.builder("--context")
            .paramLabel("NAME")
            .type(String.class)
            .description("the kubeconfig context to use (with --kubeconfig)")
            .build());
    spec.addOption(
        OptionSpec.builder("--strict-references")
            .arity("0")
            .description("an unresolved reference is a deny even with no cluster")
            .build());
    spec.addOption(
        OptionSpec.builder("--list-rules")
            .arity("0")
            .description("print the rule catalogue and exit")
            .build());
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("show this help and exit")
            .build());
    spec.addOption(
        OptionSpec.builder("--version")
            .versionHelp(true)
            .description("print the version and exit")
            .build());
    return spec;
  }

  /** The version from the application jar's manifest, or "dev" when running from classes. */
  static String version() {
    Package p = CheckCommand.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** One invocation after parsing. */
  private static final class Run {
    private final String format;
    private final boolean listRules;
    private final List<String> paths;
    private final String policyFile;
    private final List<String> clusterStatePaths;
    private final String kubeconfig;
    private final String context;
    private final boolean strict;
    private final InputStream stdin;
    private final PrintStream out;

    Run(ParseResult p, InputStream stdin, PrintStream out) {
      this.format = p.matchedOptionValue("--output", "text");
      this.listRules = p.hasMatchedOption("--list-rules");
      this.paths =
          p.hasMatchedPositional(0) ? p.matchedPositionalValue(0, List.<String>of()) : List.of();
      this.policyFile = p.matchedOptionValue("--policy", null);
      this.clusterStatePaths = p.matchedOptionValue("--cluster-state", List.<String>of());
      this.kubeconfig = p.matchedOptionValue("--kubeconfig", null);
      this.context = p.matchedOptionValue("--context", null);
      this.strict = p.hasMatchedOption("--strict-references");
      this.stdin = stdin;
      this.out = out;
    }

    int execute(RuleRegistry registry) throws CliException, IOException {
      if (listRules) {
        return listRules(registry);
      }
      if (!CHECK_FORMATS.contains(format)) {
        throw new CliException(
            "unknown output format \""
                + format
                + "\" (expected text, json, sarif or junit"
                + (format.equals("markdown") ? "; markdown is for --list-rules" : "")
                + ")");
      }
      if (paths.isEmpty()) {
        throw new CliException(
            "missing PATH (a file, a directory, or - for stdin); try 'check --help'");
      }
      if (context != null && kubeconfig == null) {
        throw new CliException("--context needs --kubeconfig FILE");
      }
      Inputs inputs = new Inputs(stdin);
      Policy policy = policy(registry, inputs);
      ManifestLoader loader = new ManifestLoader();
      List<LoadedSource> state = new ArrayList<>();
      for (Inputs.Text t : inputs.read(clusterStatePaths)) {
        LoadedSource s = loader.load(t.name(), t.content());
        if (!s.problems().isEmpty()) {
          ParseProblem pp = s.problems().get(0);
          throw new CliException(
              "--cluster-state "
                  + t.name()
                  + ": "
                  + (pp.location().known()
                      ? "line " + pp.location().line() + ", column " + pp.location().column() + ": "
                      : "")
                  + pp.message());
        }
        state.add(s);
      }
      List<String> files = new ArrayList<>();
      List<LoadedSource> sources = new ArrayList<>();
      for (Inputs.Text t : inputs.read(paths)) {
        files.add(t.name());
        sources.add(loader.load(t.name(), t.content()));
      }
      LiveSnapshot live = live();
      List<Checked> results =
          new BatchCheck(new RuleEngine(registry)).check(sources, state, strict, live, policy);
      Report report = new Report(files, results, registry, policy);
      switch (format) {
        case "json" -> JsonReporter.write(report, out);
        case "sarif" -> SarifReporter.write(report, out, version());
        case "junit" -> JunitReporter.write(report, out);
        default -> TextReporter.write(report, out);
      }
      out.flush();
      for (Checked c : results) {
        for (Finding f : c.findings()) {
          if (f.action() == Action.DENY) {
            return DENIED;
          }
        }
      }
      return OK;
    }

    private int listRules(RuleRegistry registry) throws CliException, IOException {
      if (!LIST_FORMATS.contains(format)) {
        throw new CliException(
            "unknown output format \""
                + format
                + "\" for --list-rules "
                + "(expected text, json or markdown)");
      }
      if (!paths.isEmpty()) {
        throw new CliException("--list-rules takes no PATH");
      }
      var rules = Report.catalogue(registry);
      switch (format) {
        case "json" -> RuleListReporter.json(rules, out);
        case "markdown" -> RuleListReporter.markdown(rules, out);
        default -> RuleListReporter.text(rules, out);
      }
      out.flush();
      return OK;
    }

    private Policy policy(RuleRegistry registry, Inputs inputs) throws CliException {
      if (policyFile == null) {
        return Policy.DEFAULT;
      }
      if (policyFile.equals(Inputs.STDIN)
          || java.nio.file.Files.isDirectory(java.nio.file.Path.of(policyFile))) {
        throw new CliException("policy file " + policyFile + ": not a file");
      }
      String text;
      try {
        text = inputs.read(List.of(policyFile)).get(0).content();
      } catch (CliException e) {
        throw new CliException("policy file " + e.getMessage());
      }
      try {
        return new PolicyParser(registry.ids())
            .parse(text, java.nio.file.Path.of(policyFile).toAbsolutePath().getParent());
      } catch (PolicyException e) {
        throw new CliException("policy file " + policyFile + ": " + e.getMessage());
      } catch (RuntimeException e) {
        throw new CliException(
            "policy file " + policyFile + ": cannot be read as a policy: " + e.getMessage());
      }
    }

    private LiveSnapshot live() throws CliException {
      if (kubeconfig == null) {
        return null;
      }
      try {
        return LiveSnapshot.read(kubeconfig, context);
      } catch (RuntimeException e) {
        throw new CliException(
            "--kubeconfig " + kubeconfig + ": cannot read cluster state: " + e.getMessage());
      }
    }
  }
}
