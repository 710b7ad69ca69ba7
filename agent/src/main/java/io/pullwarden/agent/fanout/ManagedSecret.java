package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels and annotation that mark a Secret as Pullwarden's, the Secret a sync wants in a
 * namespace, and the summary of a managed Secret that the agent's cache keeps. The agent watches
 * only Secrets carrying {@link #MANAGED_BY_LABEL}, and keeps of each only its {@link #summary}:
 * what the decisions of a pass need (name, version, ownership, type, content hash), never the data,
 * so the cache's size does not depend on how large anyone's Secrets are.
 */
public final class ManagedSecret {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "pullwarden";
  public static final String SYNC_LABEL = "pullwarden.io/sync";
  public static final String HASH_ANNOTATION = "pullwarden.io/content-hash";

  /** The label selector of the managed-Secret watch. */
  public static final String SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY_VALUE;

  /**
   * Set on a cached {@link #summary} only (never written to the cluster): the hash of the content
   * the Secret really holds, computed once when the watch delivered it, so drift in the data is
   * still seen after the data itself was dropped.
   */
  static final String OBSERVED_HASH_ANNOTATION = "pullwarden.io/observed-content-hash";

  /** The only type the agent writes, and the only type it ever takes over. */
  public static final String TYPE = "kubernetes.io/dockerconfigjson";

  static final String KEY = ".dockerconfigjson";

  /** The observed hash of content that is not exactly one {@code .dockerconfigjson} key. */
  private static final String NOT_A_DOCKER_CONFIG = "none";

  private ManagedSecret() {}

  /**
   * Set on a cached {@link #summary} only: the {@link TemplateMetadata#state} of the Secret when
   * the watch delivered it, so a changed template or an edited templated label is drift too.
   */
  static final String OBSERVED_TEMPLATE_ANNOTATION = "pullwarden.io/observed-template-state";

  /**
   * The longest {@link TemplateMetadata#KEYS_ANNOTATION} a {@link #summary} keeps, in characters:
   * enough for dozens of keys, and small enough that anyone who may write a managed Secret cannot
   * grow the cache through it. A longer list is dropped and {@link
   * #OBSERVED_KEYS_DROPPED_ANNOTATION} says so; an update of that Secret then reads it first.
   */
  static final int MAX_KEPT_KEYS_LENGTH = 4096;

  /** Set on a cached {@link #summary} only: its template-keys list was too long to keep. */
  static final String OBSERVED_KEYS_DROPPED_ANNOTATION =
      "pullwarden.io/observed-template-keys-dropped";

  /**
   * The Secret {@code sync} wants in {@code namespace}: Pullwarden's labels and content hash, and
   * the template's labels and annotations with the list of their keys.
   */
  public static Secret desired(
      String sync, String name, String namespace, DockerConfig config, TemplateMetadata template) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(
            template.labelsWith(Map.of(MANAGED_BY_LABEL, MANAGED_BY_VALUE, SYNC_LABEL, sync)))
        .withAnnotations(template.annotationsWith(config.hash()))
        .endMetadata()
        .withType(TYPE)
        .withData(Map.of(KEY, Base64.getEncoder().encodeToString(config.json())))
        .build();
  }

  /**
   * What the cache keeps of a managed Secret: name, namespace, uid and resourceVersion,
   * Pullwarden's two labels and its hash annotation, the type, the hash of the data it holds, the
   * hash of its template keys and their values ({@link TemplateMetadata#state}), and the list of
   * template keys itself when it is short ({@link #MAX_KEPT_KEYS_LENGTH}), so an update can remove
   * the keys a template no longer sets without reading the Secret ({@link SecretPatch}). Everything
   * else (the data, other labels and annotations, managedFields) is dropped, so a cached entry has
   * a small bounded size whatever the Secret holds.
   */
  public static Secret summary(Secret secret) {
    Map<String, String> labels = new HashMap<>();
    copy(secret.getMetadata().getLabels(), labels, MANAGED_BY_LABEL, SYNC_LABEL);
    Map<String, String> annotations = new HashMap<>();
    copy(secret.getMetadata().getAnnotations(), annotations, HASH_ANNOTATION);
    // The agent writes "sha256:" and 64 hex digits; anything longer is not its own and is not kept,
    // so nobody can store a large value in the cache through this annotation.
    annotations.computeIfPresent(HASH_ANNOTATION, (key, hash) -> hash.length() > 80 ? "" : hash);
    annotations.put(OBSERVED_HASH_ANNOTATION, dataHash(secret.getData()));
    keepKeysList(secret.getMetadata().getAnnotations(), annotations);
    annotations.put(
        OBSERVED_TEMPLATE_ANNOTATION,
        TemplateMetadata.state(
            secret.getMetadata().getLabels(), secret.getMetadata().getAnnotations()));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secret.getMetadata().getName())
        .withNamespace(secret.getMetadata().getNamespace())
        .withUid(secret.getMetadata().getUid())
        .withResourceVersion(secret.getMetadata().getResourceVersion())
        .withDeletionTimestamp(secret.getMetadata().getDeletionTimestamp())
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .withType(secret.getType())
        .build();
  }

  /**
   * True when {@code existing} (a {@link #summary} or a whole Secret) already is what {@code sync}
   * wants: same type, labels, the content itself (not just the annotation, so an edit to the data
   * is drift too), and the template's labels and annotations.
   */
  public static boolean isCurrent(
      Secret existing, String sync, DockerConfig config, TemplateMetadata template) {
    return isCurrent(existing, sync, config.hash(), template.state());
  }

  /**
   * As above, for a config known by its {@link DockerConfig#hash} and a template by its {@link
   * TemplateMetadata#state}.
   */
  public static boolean isCurrent(
      Secret existing, String sync, String configHash, String templateState) {
    if (existing == null || !TYPE.equals(existing.getType())) {
      return false;
    }
    Map<String, String> labels = existing.getMetadata().getLabels();
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return labels != null
        && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY_LABEL))
        && sync.equals(labels.get(SYNC_LABEL))
        && annotations != null
        && configHash.equals(annotations.get(HASH_ANNOTATION))
        && configHash.equals(contentHash(existing))
        && templateState.equals(templateState(existing));
  }

  /**
   * {@code desired} written over {@code found} (read whole from the API server): data, type,
   * Pullwarden's labels and annotations and the template's keys from {@code desired}; the keys the
   * previous template set (listed on {@code found}) and no longer sets removed; every other label,
   * annotation and metadata field (finalizers, owner references) as {@code found} has them, with
   * its resourceVersion, so the update fails rather than overwrite a change made in between.
   */
  public static Secret merged(Secret desired, Secret found) {
    Map<String, String> labels = new TreeMap<>(orEmpty(found.getMetadata().getLabels()));
    Map<String, String> annotations = new TreeMap<>(orEmpty(found.getMetadata().getAnnotations()));
    TemplateMetadata.Keys previous = TemplateMetadata.keysIn(annotations);
    previous.labels().forEach(labels::remove);
    previous.annotations().forEach(annotations::remove);
    annotations.remove(TemplateMetadata.KEYS_ANNOTATION);
    labels.putAll(desired.getMetadata().getLabels());
    annotations.putAll(desired.getMetadata().getAnnotations());
    return new SecretBuilder(found)
        .editMetadata()
        .withLabels(labels)
        .withAnnotations(annotations)
        .withManagedFields()
        .endMetadata()
        .withType(desired.getType())
        .withData(desired.getData())
        .withStringData(null)
        .build();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  /** The template state of a {@link #summary} as cached, or of a whole Secret as it is. */
  static String templateState(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (isSummary(secret)) {
      return annotations.getOrDefault(OBSERVED_TEMPLATE_ANNOTATION, "");
    }
    return TemplateMetadata.state(secret.getMetadata().getLabels(), annotations);
  }

  /** True for a {@link #summary}: no data, and the hash recorded when it was cached. */
  private static boolean isSummary(Secret secret) {
    Map<String, String> data = secret.getData();
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return (data == null || data.isEmpty())
        && annotations != null
        && annotations.containsKey(OBSERVED_HASH_ANNOTATION);
  }

  /**
   * The hash of what {@code secret} holds: computed from its data, or, for a {@link #summary}
   * (which has none), the hash recorded when it was cached. A Secret from the API server that
   * carries the summary's annotation itself is still judged by its data.
   */
  static String contentHash(Secret secret) {
    if (isSummary(secret)) {
      return secret.getMetadata().getAnnotations().get(OBSERVED_HASH_ANNOTATION);
    }
    return dataHash(secret.getData());
  }

  /** True when {@code secret} holds exactly one {@code .dockerconfigjson} key, as far as known. */
  static boolean holdsOnlyADockerConfig(Secret secret) {
    return !NOT_A_DOCKER_CONFIG.equals(contentHash(secret));
  }

  private static String dataHash(Map<String, String> data) {
    String encoded = data != null && data.size() == 1 ? data.get(KEY) : null;
    if (encoded == null) {
      return NOT_A_DOCKER_CONFIG;
    }
    try {
      return DockerConfig.hashOf(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException notBase64) {
      return NOT_A_DOCKER_CONFIG;
    }
  }

  private static void keepKeysList(Map<String, String> from, Map<String, String> to) {
    String listed = from == null ? null : from.get(TemplateMetadata.KEYS_ANNOTATION);
    if (listed == null) {
      return;
    }
    if (listed.length() <= MAX_KEPT_KEYS_LENGTH) {
      to.put(TemplateMetadata.KEYS_ANNOTATION, listed);
    } else {
      to.put(OBSERVED_KEYS_DROPPED_ANNOTATION, "true");
    }
  }

  private static void copy(Map<String, String> from, Map<String, String> to, String... keys) {
    if (from == null) {
      return;
    }
    for (String key : keys) {
      if (from.containsKey(key)) {
        to.put(key, from.get(key));
      }
    }
  }

  /** True when {@code secret} carries the managed-by label the agent writes. */
  public static boolean isManaged(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY_LABEL));
  }

  /** The sync a managed Secret belongs to, or null. */
  public static String owner(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels == null ? null : labels.get(SYNC_LABEL);
  }
}
