package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * The labels and annotations of a {@link SecretTemplate}. The schema refuses what it can express
 * (Pullwarden's own keys, label values Kubernetes would refuse, too many entries); the agent checks
 * the rest (key syntax, the annotations' total size) and reports a bad entry as InvalidSpec naming
 * it (fanout/TemplateMetadata).
 */
public class SecretTemplateMetadata {

  /** Entries per map: far above what a Secret needs, and a bound for the CEL rules' cost. */
  static final int MAX_ENTRIES = 64;

  /**
   * Pullwarden's own keys, for a CEL rule: the managed-by label (meaningful as a label only, but
   * refused in both maps so that nobody reads one for the other) and every key under pullwarden.io
   * or one of its subdomains (a valid key has one '/', so '.pullwarden.io/' can only end its
   * prefix).
   */
  static final String NOT_RESERVED =
      "self.all(k, k != 'app.kubernetes.io/managed-by' && !k.startsWith('pullwarden.io/')"
          + " && !k.contains('.pullwarden.io/'))";

  static final String RESERVED_MESSAGE =
      "keys app.kubernetes.io/managed-by and pullwarden.io/... are Pullwarden's own and cannot be"
          + " set by a template; choose another key";

  @Size(max = MAX_ENTRIES)
  @ValidationRule(
      value = NOT_RESERVED,
      message = "secretTemplate.metadata.labels: " + RESERVED_MESSAGE)
  @JsonPropertyDescription(
      "Labels added to every written Secret. Removed from the Secrets again when removed here;"
          + " labels others put on the Secrets are left alone.")
  private Map<
          String, @Size(max = 63) @Pattern("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$") String>
      labels;

  @Size(max = MAX_ENTRIES)
  @ValidationRule(
      value = NOT_RESERVED,
      message = "secretTemplate.metadata.annotations: " + RESERVED_MESSAGE)
  @JsonPropertyDescription(
      "Annotations added to every written Secret. Removed from the Secrets again when removed"
          + " here; annotations others put on the Secrets are left alone.")
  private Map<String, String> annotations;

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
