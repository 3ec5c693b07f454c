package dev.manifestguard.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.manifestguard.model.FieldPaths;
import dev.manifestguard.model.Location;
import dev.manifestguard.model.Manifest;
import dev.manifestguard.model.SmallMap;
import dev.manifestguard.model.SourceLocations;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * Reads YAML (multi-document) and JSON into JSON trees, remembering the line and column of every
 * value so that findings can point at it. {@code List} kinds are split into their items. Problems
 * never abort the other documents that were read before them.
 */
public final class ManifestLoader {
  /** YAML alias expansion beyond this is an alias bomb, not a manifest. */
  static final int MAX_ALIASES = 100;

  /** Files beyond this size are refused rather than read into memory. */
  public static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private static final JsonNodeFactory NODES = CompactNodes.EXACT;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final boolean events;

  /**
   * What a reading thread keeps between files: the shared strings and nodes, and the resolver of
   * the event reader (its tables are built per instance).
   */
  private final ThreadLocal<KeyNames> names = ThreadLocal.withInitial(KeyNames::new);

  private final ThreadLocal<GoYamlResolver> resolvers =
      ThreadLocal.withInitial(GoYamlResolver::new);

  public ManifestLoader() {
    this(true);
  }

  /**
   * @param events read plain YAML from the parser's events (see {@link YamlEvents}); false: every
   *     file through SnakeYAML's node graph (tests compare the two)
   */
  ManifestLoader(boolean events) {
    this.events = events;
  }

  public LoadedSource load(String file, String text) {
    String trimmed = text.stripLeading();
    boolean json = file.endsWith(".json") || (trimmed.startsWith("{") || trimmed.startsWith("["));
    return json && !file.endsWith(".yaml") && !file.endsWith(".yml")
        ? loadJson(file, text)
        : loadYaml(file, text);
  }

  // ---- YAML
  // -------------------------------------------------------------------------------------------------

  private LoadedSource loadYaml(String file, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(1000);
    // Comments are not kept (already SnakeYAML 2's default; explicit because a profile shows time
    // under
    // CommentEventsCollector: that is the composer peeking at events through it, i.e. ordinary
    // parsing).
    options.setProcessComments(false);
    KeyNames keyNames = names.get();
    if (events) {
      List<Manifest> read = YamlEvents.read(file, text, options, resolvers.get(), keyNames);
      if (read != null) {
        return new LoadedSource(file, read, List.of());
      }
    }
    // The node graph, for what the event reader leaves (anchors, tags, duplicate keys, errors).
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            new GoYamlResolver());
    List<Manifest> manifests = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    try {
      Iterator<Node> docs = yaml.composeAll(new StringReader(text)).iterator();
      while (docs.hasNext()) {
        Node doc = docs.next();
        if (doc == null) {
          continue;
        }
        SourceLocations locations = new SourceLocations(true);
        YamlTree reader = new YamlTree(locations, keyNames, text.length());
        JsonNode tree = reader.convert(doc, 0);
        if (reader.duplicates.isEmpty()) {
          locations.trim();
          split(file, tree, locations, manifests);
        } else {
          // The document is not checked: which of the repeated values counts is up to the reader.
          for (Duplicate d : reader.duplicates) {
            problems.add(d.problem(file));
          }
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(new ParseProblem(file, location(mark), yamlMessage(e)));
    } catch (YAMLException e) {
      problems.add(new ParseProblem(file, Location.NONE, clean(e.getMessage())));
    } catch (TooDeep e) {
      problems.add(new ParseProblem(file, e.location, e.getMessage()));
    }
    return new LoadedSource(file, manifests, problems);
  }

  private static String yamlMessage(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
    String context = e.getContext();
    return clean(context == null ? problem : context + ": " + problem);
  }

  private static String clean(String s) {
    if (s == null) {
      return "invalid input";
    }
    // Jackson names the opening bracket with a redacted source; keep only its position.
    String out =
        s.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    return out.replaceAll("\\s+", " ").trim();
  }

  private static Location location(Mark mark) {
    return mark == null ? Location.NONE : new Location(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /**
   * A key given twice in one mapping (YAML or JSON object): readers disagree on which value counts
   * (most keep the last, some refuse the document), so the document is reported, not checked.
   */
  private record Duplicate(String key, String path, Location first, Location second) {
    ParseProblem problem(String file) {
      return new ParseProblem(
          file,
          second,
          "duplicate key \""
              + truncate(key, 80)
              + "\""
              + (path.isEmpty() ? "" : " in " + truncate(path, 120))
              + (first.known()
                  ? " (first at line " + first.line() + ", column " + first.column() + ")"
                  : "")
              + ": a key may appear only once in a mapping");
    }
  }

  /**
   * One string per distinct short key (and, read from events, short value) met by a reading thread,
   * and one text node per such value: the same few keys ({@code name}, {@code type}, {@code
   * description}...) and values ({@code string}, {@code object}, {@code TCP}...) come back
   * thousands of times across the files of a bundle, and every tree of a bundle is held until the
   * end of the run (the collector copies each retained object once). Bounded: keys stop being added
   * at {@link #MAX_KEYS}; values, more varied, start over at {@link #MAX_VALUES}.
   */
  private static final class KeyNames {
    static final int MAX_KEYS = 8192;
    static final int MAX_VALUES = 16384;

    /** Keys longer than this are not shared: names, not data. */
    static final int MAX_KEY_LENGTH = 40;

    /** Values longer than this are not shared: the repeated ones are short. */
    static final int MAX_VALUE_LENGTH = 24;

    private final Map<String, String> keys = new HashMap<>();

    /** One text node per short value; its text is the value's shared string. */
    private final Map<String, JsonNode> values = new HashMap<>();

    String canonical(String key) {
      if (key.length() > MAX_KEY_LENGTH || keys.size() >= MAX_KEYS) {
        return key;
      }
      String known = keys.putIfAbsent(key, key);
      return known == null ? key : known;
    }

    /**
     * The shared text node of a short value (its string shared with an equal key when there is
     * one), or null for a long value.
     */
    JsonNode value(String v) {
      if (v.length() > MAX_VALUE_LENGTH) {
        return null;
      }
      JsonNode node = values.get(v);
      if (node == null) {
        if (values.size() >= MAX_VALUES) {
          values.clear();
        }
        node = NODES.textNode(keys.getOrDefault(v, v));
        values.put(v, node);
      }
      return node;
    }
  }

  /** Thrown for nesting or alias expansion beyond what any Kubernetes object needs. */
  private static final class TooDeep extends RuntimeException {
    final Location location;

    TooDeep(Location location, String message) {
      super(message);
      this.location = location;
    }
  }

  /**
   * Converts a composed YAML node graph into a JSON tree with YAML 1.1 scalar resolution, as
   * kubectl does.
   */
  private static final class YamlTree {
    private final SourceLocations locations;

    private final KeyNames keyNames;

    /**
     * The keys and indexes from the document to the value being converted: its path, written out
     * only for a duplicate key's message.
     */
    private final List<Object> segments = new ArrayList<>();

    /** Keys repeated in one mapping of this document, in the order met. */
    final List<Duplicate> duplicates = new ArrayList<>(0);

    /**
     * Aliases share nodes; expanding them is bounded so that a few lines cannot become billions of
     * values. Without aliases a document has fewer values than characters, so twice the length
     * leaves room for ordinary anchors (shared labels) while a one-kilobyte bomb stops after about
     * 100,000 values instead of a million.
     */
    private long budget;

    YamlTree(SourceLocations locations, KeyNames keyNames, int sourceLength) {
      this.keyNames = keyNames;
      this.locations = locations;
      this.budget = 100_000L + 2L * sourceLength;
    }

    JsonNode convert(Node node, int depth) {
      if (depth > 1000) {
        throw new TooDeep(location(node.getStartMark()), "nesting deeper than 1000 levels");
      }
      if (--budget < 0) {
        throw new TooDeep(
            location(node.getStartMark()),
            "YAML aliases expand to too many values (an alias bomb?); refusing to read further");
      }
      Mark start = node.getStartMark();
      int n =
          start == null
              ? locations.open(0, 0)
              : locations.open(start.getLine() + 1, start.getColumn() + 1);
      if (node instanceof ScalarNode s) {
        return scalar(s);
      }
      if (node instanceof SequenceNode seq) {
        ArrayNode arr = NODES.arrayNode();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
          segments.add(i);
          arr.add(convert(items.get(i), depth + 1));
          segments.remove(segments.size() - 1);
        }
        locations.close(n);
        return arr;
      }
      MappingNode map = (MappingNode) node;
      List<NodeTuple> tuples = map.getValue();
      // Sized for its keys, in the same SmallMap as the event path's mappings.
      ObjectNode obj = new ObjectNode(NODES, new SmallMap<>(tuples.size()));
      List<NodeTuple> merged = new ArrayList<>(0);
      Map<String, Location> keys = null;
      for (NodeTuple t : tuples) {
        if (isMerge(t.getKeyNode().getTag())) {
          merged.add(t);
          continue;
        }
        String key = keyText(t.getKeyNode());
        if (obj.has(key)) {
          if (keys == null) {
            keys = firstKeys(map);
          }
          duplicates.add(
              new Duplicate(key, path(), keys.get(key), location(t.getKeyNode().getStartMark())));
        }
        segments.add(key);
        obj.set(key, convert(t.getValueNode(), depth + 1));
        segments.remove(segments.size() - 1);
      }
      // Merge keys (<<: *defaults) fill in what the mapping does not set itself.
      for (NodeTuple t : merged) {
        List<Node> sources =
            t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
        for (Node src : sources) {
          if (src instanceof MappingNode m) {
            for (NodeTuple mt : m.getValue()) {
              String key = keyText(mt.getKeyNode());
              if (!obj.has(key)) {
                segments.add(key);
                obj.set(key, convert(mt.getValueNode(), depth + 1));
                segments.remove(segments.size() - 1);
              }
            }
          }
        }
      }
      locations.close(n);
      return obj;
    }

    /** The path of the value being converted, as {@link FieldPaths} writes it. */
    private String path() {
      String path = "";
      for (Object s : segments) {
        path =
            s instanceof Integer i ? FieldPaths.index(path, i) : FieldPaths.child(path, (String) s);
      }
      return path;
    }

    /** Where each key of a mapping is first written (merge keys left out). */
    private Map<String, Location> firstKeys(MappingNode map) {
      Map<String, Location> out = new HashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!isMerge(t.getKeyNode().getTag())) {
          out.putIfAbsent(keyText(t.getKeyNode()), location(t.getKeyNode().getStartMark()));
        }
      }
      return out;
    }

    private String keyText(Node key) {
      return key instanceof ScalarNode s
          ? keyNames.canonical(s.getValue())
          : String.valueOf(key.getStartMark());
    }

    /** Plain string keys are the common case: told apart by identity before the tag's text. */
    private static boolean isMerge(Tag tag) {
      return tag != Tag.STR && Tag.MERGE.equals(tag);
    }

    private static JsonNode scalar(ScalarNode s) {
      return ManifestLoader.scalar(s.getTag(), s.getValue());
    }

    private static BigInteger integer(String raw) {
      String v = raw.replace("_", "").toLowerCase(java.util.Locale.ROOT);
      int sign = 1;
      if (v.startsWith("-") || v.startsWith("+")) {
        sign = v.startsWith("-") ? -1 : 1;
        v = v.substring(1);
      }
      try {
        BigInteger n;
        if (v.startsWith("0x")) {
          n = new BigInteger(v.substring(2), 16);
        } else if (v.startsWith("0b")) {
          n = new BigInteger(v.substring(2), 2);
        } else if (v.startsWith("0o")) {
          n = new BigInteger(v.substring(2), 8);
        } else if (v.length() > 1 && v.startsWith("0") && v.chars().allMatch(Character::isDigit)) {
          n = new BigInteger(v.substring(1), 8);
        } else if (v.contains(":")) {
          n = BigInteger.ZERO;
          for (String part : v.split(":")) {
            n = n.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
          }
        } else {
          n = new BigInteger(v);
        }
        return sign < 0 ? n.negate() : n;
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** A scalar as kubectl types it, by the tag the resolver gave it. */
  static JsonNode scalar(Tag tag, String v) {
    if (tag == Tag.STR) {
      return NODES.textNode(v);
    }
    if (Tag.STR.equals(tag) || Tag.BINARY.equals(tag) || Tag.TIMESTAMP.equals(tag)) {
      return NODES.textNode(v);
    }
    if (Tag.NULL.equals(tag)) {
      return NODES.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      String l = v.toLowerCase(java.util.Locale.ROOT);
      return NODES.booleanNode(
          l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y"));
    }
    if (Tag.INT.equals(tag)) {
      BigInteger i = YamlTree.integer(v);
      if (i != null) {
        return i.bitLength() < 63 ? NODES.numberNode(i.longValue()) : NODES.numberNode(i);
      }
      return NODES.textNode(v);
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return NODES.numberNode(new BigDecimal(v.replace("_", "")));
      } catch (NumberFormatException e) {
        return NODES.textNode(v); // .inf and .nan have no JSON form
      }
    }
    return NODES.textNode(v);
  }

  /**
   * Reads YAML from the parser's events straight into JSON trees, without SnakeYAML's node graph (a
   * third of the time of reading a large bundle). Only for what needs no graph: a document with an
   * anchor, alias, explicit tag, merge key, complex or repeated key, deep nesting or a syntax error
   * gives up (null), and the whole file is read again through the node graph, so that every outcome
   * but the common one comes from a single place. What it builds is what {@link YamlTree} builds
   * from the graph: the same values, types, key order and locations.
   */
  private static final class YamlEvents {
    /** Below the composer's limit and {@link YamlTree}'s, so that they report deep nesting. */
    static final int MAX_DEPTH = 500;

    /** Below {@link YamlTree}'s alias budget, so that it alone decides about it. */
    static final int MAX_VALUES = 100_000;

    private static final class GiveUp extends RuntimeException {
      GiveUp() {
        super(null, null, false, false);
      }
    }

    /** A mapping or sequence being read. */
    private static final class Open {
      final boolean mapping;
      final int number;
      final ArrayNode array;
      final List<String> keys;
      final List<JsonNode> values;
      String key;

      Open(boolean mapping, int number) {
        this.mapping = mapping;
        this.number = number;
        this.array = mapping ? null : NODES.arrayNode();
        this.keys = mapping ? new ArrayList<>() : null;
        this.values = mapping ? new ArrayList<>() : null;
      }
    }

    /** The manifests of every document, or null when the node graph must read the file. */
    static List<Manifest> read(
        String file, String text, LoaderOptions options, Resolver resolver, KeyNames keyNames) {
      try {
        TextReader reader = TextReader.of(text);
        Parser parser =
            new ParserImpl(
                reader != null ? reader : new StreamReader(new StringReader(text)), options);
        List<Manifest> manifests = new ArrayList<>();
        List<Open> stack = new ArrayList<>();
        SourceLocations locations = null;
        int values = 0;
        Event e;
        while ((e = parser.getEvent()) != null) {
          JsonNode done;
          switch (e.getEventId()) {
            case StreamStart, DocumentEnd -> {
              continue;
            }
            case StreamEnd -> {
              return manifests;
            }
            case DocumentStart -> {
              locations = new SourceLocations(true);
              values = 0;
              continue;
            }
            case Scalar -> {
              ScalarEvent s = (ScalarEvent) e;
              if (s.getAnchor() != null || s.getTag() != null) {
                throw new GiveUp();
              }
              Open top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
              if (top != null && top.mapping && top.key == null) {
                if (s.getValue().equals("<<")) {
                  throw new GiveUp();
                }
                top.key = keyNames.canonical(s.getValue());
                continue;
              }
              if (++values > MAX_VALUES) {
                throw new GiveUp();
              }
              locations.open(line(s), column(s));
              JsonNode shared = keyNames.value(s.getValue());
              String v = shared == null ? s.getValue() : shared.textValue();
              Tag tag =
                  resolver.resolve(NodeId.scalar, v, s.getImplicit().canOmitTagInPlainScalar());
              done = tag != Tag.STR ? scalar(tag, v) : shared != null ? shared : NODES.textNode(v);
            }
            case SequenceStart, MappingStart -> {
              CollectionStartEvent c = (CollectionStartEvent) e;
              Open top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
              if (c.getAnchor() != null
                  || c.getTag() != null
                  || (top != null && top.mapping && top.key == null)
                  || stack.size() >= MAX_DEPTH
                  || ++values > MAX_VALUES) {
                throw new GiveUp();
              }
              stack.add(
                  new Open(
                      e.getEventId() == Event.ID.MappingStart, locations.open(line(c), column(c))));
              continue;
            }
            case SequenceEnd -> {
              Open o = stack.remove(stack.size() - 1);
              locations.close(o.number);
              done = o.array;
            }
            case MappingEnd -> {
              Open o = stack.remove(stack.size() - 1);
              Map<String, JsonNode> fields = new SmallMap<>(o.keys.size());
              for (int i = 0; i < o.keys.size(); i++) {
                if (fields.put(o.keys.get(i), o.values.get(i)) != null) {
                  throw new GiveUp(); // a repeated key: reported from the node graph
                }
              }
              locations.close(o.number);
              done = new ObjectNode(NODES, fields);
            }
            default -> throw new GiveUp(); // an alias, or a comment
          }
          if (stack.isEmpty()) {
            locations.trim();
            split(file, done, locations, manifests);
          } else {
            Open parent = stack.get(stack.size() - 1);
            if (parent.mapping) {
              parent.keys.add(parent.key);
              parent.values.add(done);
              parent.key = null;
            } else {
              parent.array.add(done);
            }
          }
        }
        return manifests;
      } catch (RuntimeException | StackOverflowError e) {
        return null; // GiveUp, or a syntax error the node graph reports with its location
      }
    }

    private static int line(Event e) {
      return e.getStartMark() == null ? 0 : e.getStartMark().getLine() + 1;
    }

    private static int column(Event e) {
      return e.getStartMark() == null ? 0 : e.getStartMark().getColumn() + 1;
    }
  }

  /**
   * SnakeYAML's reader over a text already in memory, for {@link YamlEvents}: its own copies the
   * text into a new array of code points every 1,024 characters (two fifths of the time of reading
   * a large bundle). Only for a text whose every character is printable to SnakeYAML and none a
   * surrogate, so that characters are code points; it counts index, line and column as SnakeYAML's
   * does. Its marks carry no copy of the text: they are read for their line and column only, and an
   * error is reported by reading the file again the old way.
   */
  private static final class TextReader extends StreamReader {
    private static final int[] NO_SNIPPET = new int[0];

    /** The text as chars: indexed without String.charAt's checks, half the size of code points. */
    private final char[] text;

    private final int length;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    private TextReader(char[] text) {
      super(Reader.nullReader());
      this.text = text;
      this.length = text.length;
    }

    /**
     * A reader of the text, or null unless every character is printable and a code point of its own
     * (surrogates are not printable as characters).
     */
    static TextReader of(String text) {
      char[] chars = text.toCharArray();
      for (char c : chars) {
        // ASCII's printable range first: nearly every character of a manifest is in it.
        if ((c < 0x20 || c > 0x7E) && !StreamReader.isPrintable(c)) {
          return null;
        }
      }
      return new TextReader(chars);
    }

    @Override
    public Mark getMark() {
      return new Mark("'reader'", index, line, column, NO_SNIPPET, 0);
    }

    @Override
    public void forward() {
      forward(1);
    }

    @Override
    public void forward(int n) {
      for (int i = 0; i < n && pointer < length; i++) {
        char c = text[pointer++];
        index++;
        documentIndex++;
        if (Constant.LINEBR.has(c) || (c == '\r' && pointer < length && text[pointer] != '\n')) {
          line++;
          column = 0;
        } else if (c != '\uFEFF') {
          column++;
        }
      }
    }

    @Override
    public int peek() {
      return pointer < length ? text[pointer] : 0;
    }

    @Override
    public int peek(int i) {
      return pointer + i < length ? text[pointer + i] : 0;
    }

    @Override
    public String prefix(int n) {
      return n == 0 ? "" : new String(text, pointer, Math.min(pointer + n, length) - pointer);
    }

    @Override
    public String prefixForward(int n) {
      String s = prefix(n);
      pointer += n;
      index += n;
      documentIndex += n;
      column += n;
      return s;
    }

    @Override
    public int getColumn() {
      return column;
    }

    @Override
    public int getDocumentIndex() {
      return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
      documentIndex = 0;
    }

    @Override
    public int getIndex() {
      return index;
    }

    @Override
    public int getLine() {
      return line;
    }
  }

  // ---- JSON
  // -------------------------------------------------------------------------------------------------

  private LoadedSource loadJson(String file, String text) {
    List<Manifest> manifests = new ArrayList<>();
    List<ParseProblem> problems = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        SourceLocations locations = new SourceLocations(false);
        List<Duplicate> duplicates = new ArrayList<>(0);
        JsonNode tree = readJson(p, t, "", locations, duplicates, 0);
        if (duplicates.isEmpty()) {
          locations.trim();
          split(file, tree, locations, manifests);
        } else {
          for (Duplicate d : duplicates) {
            problems.add(d.problem(file));
          }
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      problems.add(
          new ParseProblem(
              file,
              loc == null ? Location.NONE : new Location(loc.getLineNr(), loc.getColumnNr()),
              clean(e.getOriginalMessage())));
    } catch (IOException e) {
      problems.add(new ParseProblem(file, Location.NONE, clean(e.getMessage())));
    }
    return new LoadedSource(file, manifests, problems);
  }

  private JsonNode readJson(
      JsonParser p,
      JsonToken t,
      String path,
      SourceLocations locations,
      List<Duplicate> duplicates,
      int depth)
      throws IOException {
    JsonLocation loc = p.currentTokenLocation();
    int n = locations.open(loc.getLineNr(), loc.getColumnNr());
    switch (t) {
      case START_OBJECT -> {
        ObjectNode obj = NODES.objectNode();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          if (obj.has(name)) {
            // The first occurrence is located by its value: keys are not located, to keep reading
            // cheap.
            JsonLocation at = p.currentTokenLocation();
            duplicates.add(
                new Duplicate(
                    name,
                    path,
                    locations.at(locations.child(n, position(obj, name))),
                    new Location(at.getLineNr(), at.getColumnNr())));
          }
          JsonToken v = p.nextToken();
          // Only an object or array needs its path (for a repeated key inside it).
          String child = v.isStructStart() ? FieldPaths.child(path, name) : path;
          obj.set(name, readJson(p, v, child, locations, duplicates, depth + 1));
        }
        locations.close(n);
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = NODES.arrayNode();
        JsonToken v;
        int i = 0;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
          String item = v.isStructStart() ? FieldPaths.index(path, i) : path;
          i++;
          arr.add(readJson(p, v, item, locations, duplicates, depth + 1));
        }
        locations.close(n);
        return arr;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? NODES.numberNode(p.getBigIntegerValue())
            : NODES.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        try {
          return NODES.numberNode(p.getDecimalValue());
        } catch (NumberFormatException e) {
          // an exponent beyond BigDecimal's range (1e9999999999): no decoder could hold it either
          throw new JsonParseException(
              p, "number " + truncate(p.getText(), 40) + " is out of range");
        }
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      default -> {
        return NODES.nullNode();
      }
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  // ---- both
  // -------------------------------------------------------------------------------------------------

  /**
   * Adds the document, or each item of a {@code List} kind, as a manifest. Scalars and nulls are
   * skipped.
   */
  private static void split(
      String file, JsonNode tree, SourceLocations locations, List<Manifest> out) {
    if (tree == null || !tree.isObject()) {
      if (tree != null && tree.isArray()) {
        for (int i = 0; i < tree.size(); i++) {
          if (tree.get(i).isObject()) {
            out.add(
                Manifest.fromFile(
                    tree.get(i), file, locations, locations.child(0, i), FieldPaths.index("", i)));
          }
        }
      }
      return;
    }
    JsonNode kind = tree.path("kind");
    JsonNode items = tree.path("items");
    if (kind.isTextual() && kind.textValue().endsWith("List") && items.isArray()) {
      int itemsAt = locations.child(0, position(tree, "items"));
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).isObject()) {
          out.add(
              Manifest.fromFile(
                  items.get(i),
                  file,
                  locations,
                  locations.child(itemsAt, i),
                  FieldPaths.index("items", i)));
        }
      }
      return;
    }
    if (tree.size() == 0) {
      return;
    }
    out.add(Manifest.fromFile(tree, file, locations, 0, ""));
  }

  /** The position of a key among an object's fields, in their order. */
  private static int position(JsonNode object, String key) {
    int i = 0;
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); i++) {
      if (names.next().equals(key)) {
        return i;
      }
    }
    throw new IllegalStateException("no field " + key);
  }
}
