package dev.manifestguard.engine;

/**
 * The stable documentation URL of each rule: a configurable base (CLI {@code --docs-url} or {@code
 * MANIFEST_GUARD_DOCS_URL}, webhook {@code manifest-guard.docs.url}) followed by {@code <id>.md},
 * or the base with {@code {id}} replaced when it contains that placeholder. {@code off} turns the
 * links off.
 *
 * @param base null when links are off
 */
public record DocsLinks(String base) {
  /** The rule pages as kept in the repository (generated from each rule's metadata). */
  public static final String DEFAULT_BASE =
      "https://github.com/manifest-guard/manifest-guard/blob/main/src/main/resources/rules/";

  public static final DocsLinks DEFAULT = new DocsLinks(DEFAULT_BASE);
  public static final DocsLinks NONE = new DocsLinks(null);

  /** The configured value that turns links off. */
  public static final String NONE_VALUE = "off";

  /**
   * From a configured value: null or blank is the default, {@code off} or {@code none} no links.
   */
  public static DocsLinks of(String configured) {
    if (configured == null || configured.isBlank()) {
      return DEFAULT;
    }
    String v = configured.trim();
    if (v.equals("off") || v.equals("none")) {
      return NONE;
    }
    return new DocsLinks(v);
  }

  /** The URL of a rule's page, or null when links are off. */
  public String url(String ruleId) {
    if (base == null) {
      return null;
    }
    if (base.contains("{id}")) {
      return base.replace("{id}", ruleId);
    }
    return base + (base.endsWith("/") ? "" : "/") + ruleId + ".md";
  }
}
