package dev.manifestguard.cli;

import dev.manifestguard.cli.BatchCheck.Checked;
import dev.manifestguard.cluster.LiveSnapshot;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.DocsLinks;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
    return run(args, stdin, out, err, registry, System.getenv());
  }

  /** With another environment, whose PATH is where helm, kustomize and kubectl are looked up. */
  static int run(
      String[] args,
      InputStream stdin,
      PrintStream out,
      PrintStream err,
      RuleRegistry registry,
      java.util.Map<String, String> env) {
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
      return new Run(parsed, stdin, out, err, env).execute(registry);
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
            "  1  at least one deny finding (a file that is not valid YAML or JSON counts);"
                + " with --fail-on warn, also a warn finding",
            "  2  usage error, unreadable path, invalid policy or cluster-state file, helm or"
                + " kustomize missing or failing");
    spec.version("manifest-guard " + version());
    spec.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("PATH")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description(
                "file, directory (recursive: *.yaml, *.yml, *.json), Helm chart (a directory with"
                    + " Chart.yaml: helm template), kustomization (kustomize build), or - for"
                    + " stdin; multi-document YAML and List kinds are split")
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
        OptionSpec.builder("--helm-values")
            .paramLabel("FILE")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("values file for a chart PATH (helm template --values); repeatable")
            .build());
    spec.addOption(
        OptionSpec.builder("--helm-set")
            .paramLabel("K=V")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("a value for a chart PATH (helm template --set); repeatable")
            .build());
    spec.addOption(
        OptionSpec.builder("--helm-release")
            .paramLabel("NAME")
            .type(String.class)
            .description("release name for a chart PATH (default release-name)")
            .build());
    spec.addOption(
        OptionSpec.builder("--namespace")
            .paramLabel("NS")
            .type(String.class)
            .description("namespace a chart PATH is rendered for (helm template --namespace)")
            .build());
    spec.addOption(
        OptionSpec.builder("--fail-on")
            .paramLabel("LEVEL")
            .type(String.class)
            .description("deny (default) | warn: warn findings also give exit 1")
            .build());
    spec.addOption(
        OptionSpec.builder("--docs-url")
            .paramLabel("BASE")
            .type(String.class)
            .description(
                "base of the rule docs links (<BASE><id>.md, or {id} replaced; off: none); "
                    + "default $MANIFEST_GUARD_DOCS_URL, else the pages in the repository")
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
    private final String failOn;
    private final DocsLinks docs;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    private final java.util.Map<String, String> env;
    private final Renderer.HelmOptions helm;

    Run(
        ParseResult p,
        InputStream stdin,
        PrintStream out,
        PrintStream err,
        java.util.Map<String, String> env) {
      this.err = err;
      this.env = env;
      this.helm =
          new Renderer.HelmOptions(
              p.matchedOptionValue("--helm-values", List.<String>of()),
              p.matchedOptionValue("--helm-set", List.<String>of()),
              p.matchedOptionValue("--helm-release", null),
              p.matchedOptionValue("--namespace", null));
      this.format = p.matchedOptionValue("--output", "text");
      this.listRules = p.hasMatchedOption("--list-rules");
      this.paths =
          p.hasMatchedPositional(0) ? p.matchedPositionalValue(0, List.<String>of()) : List.of();
      this.policyFile = p.matchedOptionValue("--policy", null);
      this.clusterStatePaths = p.matchedOptionValue("--cluster-state", List.<String>of());
      this.kubeconfig = p.matchedOptionValue("--kubeconfig", null);
      this.context = p.matchedOptionValue("--context", null);
      this.strict = p.hasMatchedOption("--strict-references");
      this.failOn = p.matchedOptionValue("--fail-on", "deny");
      this.docs =
          DocsLinks.of(p.matchedOptionValue("--docs-url", env.get("MANIFEST_GUARD_DOCS_URL")));
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
      if (!failOn.equals("deny") && !failOn.equals("warn")) {
        throw new CliException("--fail-on \"" + failOn + "\": expected deny or warn");
      }
      if (context != null && kubeconfig == null) {
        throw new CliException("--context needs --kubeconfig FILE");
      }
      Renderer renderer = new Renderer(env, helm);
      Inputs inputs = new Inputs(stdin, renderer);
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
      int threads = Parallel.threads(env);
      ExecutorService pool = Parallel.pool(threads);
      List<String> files = new ArrayList<>();
      List<Checked> results;
      try {
        List<LoadedSource> sources = load(loader, inputs, files, pool, threads);
        renderer.requireChartFor(helm);
        LiveSnapshot live = live();
        results =
            new BatchCheck(new RuleEngine(registry))
                .check(sources, state, strict, live, policy, pool);
      } finally {
        if (pool != null) {
          pool.shutdownNow();
        }
      }
      Report report = new Report(files, results, registry, policy, docs);
      switch (format) {
        case "json" -> JsonReporter.write(report, out);
        case "sarif" -> SarifReporter.write(report, out, version());
        case "junit" -> JunitReporter.write(report, out);
        default -> TextReporter.write(report, out);
      }
      out.flush();
      Action threshold = failOn.equals("warn") ? Action.WARN : Action.DENY;
      for (Checked c : results) {
        for (Finding f : c.findings()) {
          if (f.action().ordinal() <= threshold.ordinal()) {
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
        Policy parsed =
            new PolicyParser(registry.ids())
                .parse(text, java.nio.file.Path.of(policyFile).toAbsolutePath().getParent());
        for (String expired :
            parsed.expiredExemptions(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
          err.println(
              "check: warning: policy file "
                  + policyFile
                  + ": "
                  + expired
                  + " and is ignored; renew or remove it");
        }
        return parsed;
      } catch (PolicyException e) {
        throw new CliException("policy file " + policyFile + ": " + e.getMessage());
      } catch (RuntimeException e) {
        throw new CliException(
            "policy file " + policyFile + ": cannot be read as a policy: " + e.getMessage());
      }
    }

    /**
     * Reads the inputs in order and parses each on the pool while the next is read (at most a few
     * texts per thread waiting, so that not every text is held at once); the sources come back in
     * input order.
     */
    private List<LoadedSource> load(
        ManifestLoader loader, Inputs inputs, List<String> files, ExecutorService pool, int threads)
        throws CliException {
      List<LoadedSource> sources = new ArrayList<>();
      if (pool == null) {
        inputs.read(
            paths,
            t -> {
              files.add(t.name());
              sources.add(inNamespace(loader.load(t.name(), t.content())));
            });
        return sources;
      }
      Semaphore waiting = new Semaphore(4 * threads);
      List<Future<LoadedSource>> parsed = new ArrayList<>();
      inputs.read(
          paths,
          t -> {
            files.add(t.name());
            waiting.acquireUninterruptibly();
            parsed.add(
                pool.submit(
                    () -> {
                      try {
                        return inNamespace(loader.load(t.name(), t.content()));
                      } finally {
                        waiting.release();
                      }
                    }));
          });
      for (Future<LoadedSource> f : parsed) {
        sources.add(Parallel.join(f));
      }
      return sources;
    }

    /** Objects that name no namespace are reported in {@code --namespace} when it is given. */
    private LoadedSource inNamespace(LoadedSource s) {
      if (helm.namespace() == null) {
        return s;
      }
      List<dev.manifestguard.model.Manifest> in = new ArrayList<>();
      for (var m : s.manifests()) {
        in.add(m.withDefaultNamespace(helm.namespace()));
      }
      return new LoadedSource(s.file(), in, s.problems());
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
