package io.pullwarden.agent.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.agent.customresource.SecretTemplate;
import io.pullwarden.agent.customresource.SecretTemplateMetadata;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The labels and annotations a sync's {@code spec.secretTemplate.metadata} adds to every Secret it
 * writes, and how the agent tells them from everyone else's. Each written Secret lists the keys its
 * template set in {@link #KEYS_ANNOTATION}; that list is what a later write removes when a key
 * leaves the template, so labels and annotations other tools put on the Secret are never touched.
 * The {@link #state} of a Secret (that list and the values now under those keys) is what the
 * managed-Secret cache keeps, so a template change, or an edit of a templated label, is drift that
 * the next pass repairs. Pure and table-tested
 * (docs/adr/0020-secret-template-and-name-patterns.md).
 */
public record TemplateMetadata(Map<String, String> labels, Map<String, String> annotations) {

  /** On every written Secret whose template is not empty: the keys the template set. */
  public static final String KEYS_ANNOTATION = "pullwarden.io/template-keys";

  /** No template: Secrets are written exactly as before templates existed. */
  public static final TemplateMetadata NONE =
      new TemplateMetadata(new TreeMap<>(), new TreeMap<>());

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The keys a template set, as {@link #KEYS_ANNOTATION} lists them. */
  public record Keys(SortedSet<String> labels, SortedSet<String> annotations) {
    static final Keys NONE = new Keys(new TreeSet<>(), new TreeSet<>());
  }

  public TemplateMetadata {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  /** The template of {@code template} as given; check it first with {@link #problems}. */
  public static TemplateMetadata of(SecretTemplate template) {
    SecretTemplateMetadata metadata = template == null ? null : template.getMetadata();
    if (metadata == null) {
      return NONE;
    }
    return new TemplateMetadata(
        metadata.getLabels() == null ? Map.of() : metadata.getLabels(),
        metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
  }

  /**
   * What is wrong with {@code template}, one entry per bad key naming its field (such as {@code
   * spec.secretTemplate.metadata.labels['pullwarden.io/sync'] is Pullwarden's own key}); empty when
   * every write with it would be accepted.
   */
  public static List<String> problems(SecretTemplate template) {
    TemplateMetadata given = of(template);
    List<String> problems = new ArrayList<>();
    String field = "spec.secretTemplate.metadata.";
    given.labels.forEach(
        (key, value) -> {
          String at = field + "labels['" + key + "'] ";
          if (isReserved(key)) {
            problems.add(at + reservedMessage());
          } else {
            MetadataSyntax.keyProblem(key).ifPresent(p -> problems.add(at + p));
          }
          MetadataSyntax.labelValueProblem(value).ifPresent(p -> problems.add(at + p));
        });
    given.annotations.forEach(
        (key, value) -> {
          String at = field + "annotations['" + key + "'] ";
          if (isReserved(key)) {
            problems.add(at + reservedMessage());
          } else {
            MetadataSyntax.annotationKeyProblem(key).ifPresent(p -> problems.add(at + p));
          }
          if (value == null) {
            problems.add(at + "has no value");
          }
        });
    if (problems.isEmpty()) {
      Map<String, String> written = given.annotationsWith(DockerConfig.hashOf(new byte[0]));
      long bytes = MetadataSyntax.annotationsBytes(written);
      if (bytes > MetadataSyntax.MAX_ANNOTATIONS_BYTES) {
        problems.add(
            field
                + "annotations are "
                + bytes
                + " bytes with Pullwarden's own; Kubernetes allows "
                + MetadataSyntax.MAX_ANNOTATIONS_BYTES
                + " in all (keys and values) on one object");
      }
    }
    return problems;
  }

  /**
   * True for Pullwarden's own keys, which a template never sets: the managed-by label and every key
   * under pullwarden.io or a subdomain of it, whatever the case.
   */
  public static boolean isReserved(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    int slash = lower.indexOf('/');
    String prefix = slash < 0 ? "" : lower.substring(0, slash);
    return lower.equals(ManagedSecret.MANAGED_BY_LABEL)
        || prefix.equals("pullwarden.io")
        || prefix.endsWith(".pullwarden.io");
  }

  private static String reservedMessage() {
    return "is Pullwarden's own key (app.kubernetes.io/managed-by and pullwarden.io/... mark and"
        + " track the Secrets it writes), so a template cannot set it; nothing was written with"
        + " this template (choose another key)";
  }

  public boolean isEmpty() {
    return labels.isEmpty() && annotations.isEmpty();
  }

  /** The labels of a written Secret: the template's, then Pullwarden's own over them. */
  Map<String, String> labelsWith(Map<String, String> own) {
    SortedMap<String, String> all = new TreeMap<>(labels);
    all.putAll(own);
    return all;
  }

  /** The annotations of a written Secret: the template's, the key list, the content hash. */
  Map<String, String> annotationsWith(String contentHash) {
    SortedMap<String, String> all = new TreeMap<>(annotations);
    if (!isEmpty()) {
      all.put(KEYS_ANNOTATION, keysText());
    }
    all.put(ManagedSecret.HASH_ANNOTATION, contentHash);
    return all;
  }

  /** What a Secret written with this template has as its {@link #state}. */
  public String state() {
    return isEmpty() ? "" : state(labelsWith(Map.of()), annotationsWith(""));
  }

  /**
   * The template-related state of a Secret with these labels and annotations: empty when it lists
   * no template keys, else a hash of the list and of the values now under the listed keys.
   */
  static String state(Map<String, String> labels, Map<String, String> annotations) {
    String listed = annotations == null ? null : annotations.get(KEYS_ANNOTATION);
    if (listed == null) {
      return "";
    }
    Keys keys = keysIn(annotations);
    StringBuilder text = new StringBuilder(listed);
    for (String key : keys.labels()) {
      text.append("\0l\0").append(key).append('\0').append(valueOf(labels, key));
    }
    for (String key : keys.annotations()) {
      text.append("\0a\0").append(key).append('\0').append(valueOf(annotations, key));
    }
    return DockerConfig.hashOf(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String valueOf(Map<String, String> map, String key) {
    return map == null || !map.containsKey(key) ? "\1absent" : Objects.toString(map.get(key));
  }

  /**
   * The keys {@link #KEYS_ANNOTATION} lists in {@code annotations}; none when absent or unreadable.
   */
  static Keys keysIn(Map<String, String> annotations) {
    String listed = annotations == null ? null : annotations.get(KEYS_ANNOTATION);
    if (listed == null) {
      return Keys.NONE;
    }
    try {
      Keys keys = JSON.readValue(listed, Keys.class);
      return new Keys(strings(keys.labels()), strings(keys.annotations()));
    } catch (JsonProcessingException | RuntimeException notAList) {
      // Written by someone else, or edited: nothing is known to be the template's.
      return Keys.NONE;
    }
  }

  private static SortedSet<String> strings(SortedSet<String> keys) {
    SortedSet<String> kept = new TreeSet<>();
    if (keys != null) {
      keys.stream().filter(Objects::nonNull).forEach(kept::add);
    }
    return kept;
  }

  private String keysText() {
    try {
      return JSON.writeValueAsString(
          new Keys(new TreeSet<>(labels.keySet()), new TreeSet<>(annotations.keySet())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of keys could not be written as JSON", e);
    }
  }
}
