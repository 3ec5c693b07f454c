package dev.manifestguard.admission;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import dev.manifestguard.model.FieldPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A key named twice in one JSON object of a review body, found by Jackson's strict duplicate
 * detection: where it is (a JSON pointer into the body, and line/column) and, when it lies inside
 * {@code request.object}, its field path in the object.
 *
 * @param objectPath the field path inside {@code request.object}, or null when the key is elsewhere
 */
record DuplicateKey(String key, String pointer, int line, int column, String objectPath) {

  /** The duplicate a parse failed on, or null when the failure is something else. */
  static DuplicateKey of(JsonParseException e) {
    String message = e.getOriginalMessage();
    JsonParser p = e.getProcessor();
    if (message == null || !message.startsWith("Duplicate field") || p == null) {
      return null;
    }
    // The parse contexts from the innermost (the object holding the key twice) to the root.
    List<Object> segments = new ArrayList<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        segments.add(c.getCurrentName() == null ? "" : c.getCurrentName());
      } else {
        segments.add(Math.max(0, c.getCurrentIndex()));
      }
    }
    Collections.reverse(segments);
    StringBuilder pointer = new StringBuilder();
    for (Object s : segments) {
      pointer.append('/').append(String.valueOf(s).replace("~", "~0").replace("/", "~1"));
    }
    String objectPath = null;
    if (segments.size() > 2
        && "request".equals(segments.get(0))
        && "object".equals(segments.get(1))) {
      objectPath = "";
      for (Object s : segments.subList(2, segments.size())) {
        objectPath =
            s instanceof Integer i
                ? FieldPaths.index(objectPath, i)
                : FieldPaths.child(objectPath, (String) s);
      }
    }
    JsonLocation loc = e.getLocation();
    return new DuplicateKey(
        segments.isEmpty() ? "" : String.valueOf(segments.get(segments.size() - 1)),
        pointer.toString(),
        loc == null ? 0 : loc.getLineNr(),
        loc == null ? 0 : loc.getColumnNr(),
        objectPath);
  }

  String where() {
    return "line " + line + ", column " + column + " of the request body";
  }
}
