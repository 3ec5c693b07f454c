package dev.manifestguard.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.cluster.ClusterState;
import dev.manifestguard.cluster.ClusterStateSource;
import dev.manifestguard.cluster.NoClusterState;
import dev.manifestguard.engine.Action;
import dev.manifestguard.engine.Adjustment;
import dev.manifestguard.engine.Category;
import dev.manifestguard.engine.DocsLinks;
import dev.manifestguard.engine.Finding;
import dev.manifestguard.engine.Policy;
import dev.manifestguard.engine.Review;
import dev.manifestguard.engine.Rule;
import dev.manifestguard.engine.RuleEngine;
import dev.manifestguard.load.CompactNodes;
import dev.manifestguard.metrics.AdmissionMetrics;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.ObjectRef;
import dev.manifestguard.rules.schema.ManifestUnparseableRule;
import dev.manifestguard.webhook.PolicyHolder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * From request body to answer, in the order of the decisions: parse, check it is a review,
 * exclusions, then the engine, then deny with 403 or allow with warnings. Every answer is counted
 * and timed.
 *
 * <p>DELETE and CONNECT are allowed without evaluation: the rules judge objects going into the
 * cluster, and refusing to delete an object would only keep a bad object alive. Subresource
 * requests are allowed too (a scale or status update carries no pod spec to judge), except {@code
 * ephemeralcontainers}, whose object is the whole Pod with the containers being added.
 */
@ApplicationScoped
public class AdmissionHandler {
  private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);

  /** The apiserver never nests this deep; Jackson's own default, made explicit. */
  static final int MAX_NESTING_DEPTH = 1000;

  private final RuleEngine engine;
  private final PolicyHolder policies;
  private final ClusterStateSource clusterSource;
  private final AdmissionMetrics metrics;
  private final Semaphore inFlight;
  private final int maxConcurrent;
  private final ObjectMapper json;
  private final ObjectMapper strictJson;
  private final DocsLinks docs;

  /** An HTTP status and the JSON to send with it. */
  public record Answer(int status, ObjectNode body) {}

  /** Without docs links (tests that build the handler themselves). */
  public AdmissionHandler(
      RuleEngine engine,
      PolicyHolder policies,
      ClusterStateSource clusterSource,
      AdmissionMetrics metrics,
      int maxConcurrent) {
    this(
        engine,
        policies,
        clusterSource,
        metrics,
        maxConcurrent,
        java.util.Optional.of(DocsLinks.NONE_VALUE));
  }

  @jakarta.inject.Inject
  public AdmissionHandler(
      RuleEngine engine,
      PolicyHolder policies,
      ClusterStateSource clusterSource,
      AdmissionMetrics metrics,
      @ConfigProperty(name = "manifest-guard.admission.max-concurrent", defaultValue = "64")
          int maxConcurrent,
      @ConfigProperty(name = "manifest-guard.docs.url") java.util.Optional<String> docsUrl) {
    this.engine = engine;
    this.docs = DocsLinks.of(docsUrl.orElse(null));
    this.policies = policies;
    this.clusterSource = clusterSource;
    this.metrics = metrics;
    this.maxConcurrent = Math.max(1, maxConcurrent);
    this.inFlight = new Semaphore(this.maxConcurrent);
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    this.json =
        new ObjectMapper(factory)
            .setNodeFactory(CompactNodes.INSTANCE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // A key twice in one object: which value counts differs between decoders, so it is caught.
    this.strictJson =
        new ObjectMapper(
                factory.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .setNodeFactory(CompactNodes.INSTANCE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  void logStartup(@Observes StartupEvent event) {
    if (!clusterSource.state().isKnown()) {
      LOG.info(
          "No Kubernetes cluster configured: reference rules stay silent (their findings need cluster state)");
    }
  }

  /** Never throws: every problem becomes an answer. */
  public Answer handle(String contentType, byte[] body) {
    long start = System.nanoTime();
    IncomingReview in = null;
    String decision = "invalid";
    try {
      requireJson(contentType);
      DuplicateKey[] duplicate = new DuplicateKey[1];
      in = IncomingReview.of(parse(body, duplicate));
      if (!inFlight.tryAcquire()) {
        decision = "overloaded";
        throw new AdmissionProblem(
            503,
            "too many admission reviews in progress (limit "
                + maxConcurrent
                + ", manifest-guard.admission.max-concurrent); retry shortly");
      }
      try {
        Verdict v = decide(in, duplicate[0], clusterSource.state(), true);
        decision = v.decision();
        return new Answer(200, v.body());
      } finally {
        inFlight.release();
      }
    } catch (AdmissionProblem p) {
      return new Answer(p.status(), AdmissionResponses.error(p.getMessage()));
    } finally {
      String operation = in == null || in.operation().isEmpty() ? "unknown" : in.operation();
      String kind = in == null || in.kind().isEmpty() ? "unknown" : in.kind();
      metrics.request(operation, kind, decision, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private record Verdict(String decision, ObjectNode body) {}

  /**
   * A review answered as {@link #handle} answers it (the same parsing, engine and answer), for the
   * warm-up before readiness: without metrics, log lines or an in-flight slot, and against no
   * cluster state, since a cache miss confirmed by a live GET would be an API call. Throws {@link
   * AdmissionProblem} for a body {@link #handle} would refuse.
   */
  Answer rehearse(byte[] body) {
    DuplicateKey[] duplicate = new DuplicateKey[1];
    IncomingReview in = IncomingReview.of(parse(body, duplicate));
    return new Answer(200, decide(in, duplicate[0], NoClusterState.INSTANCE, false).body());
  }

  /** The JSON writer of the answers' side of a review, for the warm-up. */
  byte[] write(ObjectNode body) throws JsonProcessingException {
    return json.writeValueAsBytes(body);
  }

  /**
   * @param record count the review and its findings in the metrics and log what is logged
   */
  private Verdict decide(
      IncomingReview in, DuplicateKey duplicate, ClusterState cluster, boolean record) {
    Policy policy = policies.policy();
    if (policy.exclude().excludes(in.namespace(), in.username())) {
      return new Verdict("excluded", AdmissionResponses.allowed(in));
    }
    String op = in.operation().toUpperCase(Locale.ROOT);
    boolean judged =
        (op.equals("CREATE") || op.equals("UPDATE"))
            && (in.subResource().isEmpty() || in.subResource().equals("ephemeralcontainers"));
    if (!judged || in.object() == null) {
      return new Verdict("allowed", AdmissionResponses.allowed(in));
    }
    Manifest object = Manifest.of(in.object(), in.namespace());
    Manifest old =
        op.equals("UPDATE") && in.oldObject() != null
            ? Manifest.of(in.oldObject(), in.namespace())
            : null;
    Review review =
        Review.admission(object, old, in.dryRun(), in.username().isEmpty() ? null : in.username());
    List<Finding> findings = engine.evaluate(review, policy, cluster);
    if (duplicate != null) {
      findings = withDuplicate(findings, duplicate, object.ref(), policy);
    }
    String subject = subject(object.ref(), in);
    boolean denied = false;
    for (Finding f : findings) {
      denied |= f.action() == Action.DENY;
      if (!record) {
        continue;
      }
      metrics.finding(f);
      if (f.action() == Action.AUDIT) {
        if (f.adjustment() == Adjustment.SKIPPED) {
          metrics.skipped(f.rule());
          LOG.info(
              "Skip annotation turned ["
                  + f.rule()
                  + "] "
                  + f.path()
                  + " on "
                  + subject
                  + " into audit (user "
                  + in.username()
                  + ")");
        } else {
          // Only rule and path: the message may quote values from the object.
          LOG.info("Audit finding [" + f.rule() + "] " + f.path() + " on " + subject);
        }
      }
    }
    if (denied && record) {
      // Concatenated, not infof: java.util.Formatter was a sixth of this line's cost, and a
      // denial is logged on the review's own thread.
      LOG.info(
          "Denied "
              + op
              + " "
              + subject
              + " for "
              + in.username()
              + " (uid "
              + in.uid()
              + ", dryRun "
              + in.dryRun()
              + ")");
    }
    return new Verdict(
        denied ? "denied" : "allowed", AdmissionResponses.verdict(in, subject, findings, docs));
  }

  /**
   * A key repeated inside {@code request.object} is a {@code manifest-unparseable} finding at the
   * rule's configured action (a deny by default), before the findings on the object as read with
   * the last value of the key.
   */
  private List<Finding> withDuplicate(
      List<Finding> findings, DuplicateKey d, ObjectRef ref, Policy policy) {
    Rule rule = engine.registry().get(ManifestUnparseableRule.ID);
    Action action = rule == null ? Action.DENY : policy.actionFor(rule.meta());
    if (action == Action.OFF) {
      return findings;
    }
    List<Finding> out = new ArrayList<>(findings.size() + 1);
    out.add(
        new Finding(
            ManifestUnparseableRule.ID,
            Category.SCHEMA,
            action,
            ref,
            d.objectPath(),
            "duplicate key \""
                + clip(d.key())
                + "\" ("
                + d.where()
                + "): a key may appear only once in a mapping; send the object with each key once.",
            null));
    out.addAll(findings);
    return out;
  }

  /**
   * {@code Kind namespace/name} or {@code Kind name}, falling back to the request's own kind and
   * name.
   */
  static String subject(ObjectRef ref, IncomingReview in) {
    return ref.display(
        in.kind().isEmpty() ? "object" : in.kind(), in.name().isEmpty() ? "(unnamed)" : in.name());
  }

  private static void requireJson(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")
        && !(type.startsWith("application/") && type.endsWith("+json"))) {
      throw new AdmissionProblem(
          415,
          "Content-Type must be application/json"
              + (type.isEmpty() ? " (none given)" : ", not " + type));
    }
  }

  /**
   * The body as a JSON tree. A key repeated inside {@code request.object} is handed back in {@code
   * duplicate} (the tree then holds its last value); one anywhere else in the review is a 400.
   */
  private JsonNode parse(byte[] body, DuplicateKey[] duplicate) {
    if (body == null || body.length == 0) {
      throw new AdmissionProblem(400, "empty body: expected an AdmissionReview in JSON");
    }
    try {
      try {
        return strictJson.readTree(body);
      } catch (JsonParseException e) {
        DuplicateKey d = DuplicateKey.of(e);
        if (d == null) {
          throw e;
        }
        if (d.objectPath() == null) {
          throw new AdmissionProblem(
              400,
              "body is not a valid AdmissionReview: duplicate key \""
                  + clip(d.key())
                  + "\" at "
                  + clip(d.pointer())
                  + " ("
                  + d.where()
                  + "); a JSON object may name a key only once");
        }
        duplicate[0] = d;
        return json.readTree(body);
      }
    } catch (StreamConstraintsException e) {
      String what = e.getOriginalMessage();
      boolean size =
          what != null
              && (what.startsWith("String value length") || what.startsWith("Document length"));
      throw new AdmissionProblem(
          size ? 413 : 400, "body exceeds a JSON parser limit: " + clip(what));
    } catch (JsonProcessingException e) {
      throw new AdmissionProblem(400, "body is not valid JSON: " + clip(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new AdmissionProblem(400, "body could not be read: " + clip(e.getMessage()));
    }
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
