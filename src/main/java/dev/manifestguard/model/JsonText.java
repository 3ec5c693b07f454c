package dev.manifestguard.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading text out of JSON trees of unknown shape: a value of the wrong type reads as unset, never
 * as an error.
 */
public final class JsonText {
  private JsonText() {}

  /** The string of a node, or "" when it is absent, null or not a string. */
  public static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : "";
  }

  /** The string of a field of {@code node}, or "" when it is absent, null or not a string. */
  public static String text(JsonNode node, String field) {
    return text(node.path(field));
  }

  /**
   * A scalar as written: strings as they are, numbers and booleans in their JSON form; "" for
   * anything else.
   */
  public static String scalar(JsonNode node) {
    return node.isTextual()
        ? node.textValue()
        : node.isValueNode() && !node.isNull() ? node.asText() : "";
  }
}
