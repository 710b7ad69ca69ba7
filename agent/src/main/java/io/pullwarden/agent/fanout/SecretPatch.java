package io.pullwarden.agent.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one request that updates a managed Secret the watch cache knows: a JSON merge patch (RFC
 * 7386) built from the cached {@link ManagedSecret#summary} and the desired Secret, so a rotation
 * over N namespaces costs N requests, not a read and a write each. It sets the data's one {@code
 * .dockerconfigjson} key, Pullwarden's labels and annotations and the template's keys; it removes
 * (JSON {@code null}) the keys the previous template listed and the new one does not set; it names
 * nothing else, so others' labels, annotations, finalizers and owner references stay as they are.
 * It carries the cached resourceVersion, which the API server checks as a precondition: a Secret
 * changed since it was cached (another owner, more data, other template keys) is refused with 409
 * and never overwritten.
 *
 * <p>A merge patch cannot remove data keys it does not name, so it is built only where the summary
 * shows the data is exactly the one key; and it can remove only the template keys it knows, so only
 * where the summary kept the key list. Elsewhere {@link #of} is empty and the caller reads the
 * Secret and writes it whole ({@link ManagedSecret#merged}). Pure and table-tested
 * (docs/adr/0020-secret-template-and-name-patterns.md).
 */
final class SecretPatch {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SecretPatch() {}

  /**
   * The merge patch that turns {@code cached} (a summary, or a whole Secret) into {@code desired}
   * (from {@link ManagedSecret#desired}), conditional on the cached resourceVersion; empty when the
   * cache does not know enough to write the Secret without reading it.
   */
  static Optional<String> of(Secret cached, Secret desired) {
    Map<String, String> cachedAnnotations = orEmpty(cached.getMetadata().getAnnotations());
    String resourceVersion = cached.getMetadata().getResourceVersion();
    if (!isOwnDockerConfigSecret(cached, ManagedSecret.owner(desired))
        || resourceVersion == null
        || resourceVersion.isEmpty()
        || !ManagedSecret.holdsOnlyADockerConfig(cached)
        || cachedAnnotations.containsKey(ManagedSecret.OBSERVED_KEYS_DROPPED_ANNOTATION)) {
      return Optional.empty();
    }
    TemplateMetadata.Keys previous = TemplateMetadata.keysIn(cachedAnnotations);
    Map<String, String> labels = orEmpty(desired.getMetadata().getLabels());
    Map<String, String> annotations = orEmpty(desired.getMetadata().getAnnotations());
    Map<String, Object> metadata = new TreeMap<>();
    metadata.put("resourceVersion", resourceVersion);
    metadata.put("labels", withRemovals(labels, previous.labels()));
    Set<String> gone = new TreeSet<>(previous.annotations());
    if (cachedAnnotations.containsKey(TemplateMetadata.KEYS_ANNOTATION)) {
      gone.add(TemplateMetadata.KEYS_ANNOTATION);
    }
    metadata.put("annotations", withRemovals(annotations, gone));
    Map<String, Object> patch = new TreeMap<>();
    patch.put("metadata", metadata);
    patch.put("data", desired.getData());
    try {
      return Optional.of(JSON.writeValueAsString(patch));
    } catch (JsonProcessingException e) {
      // Maps of strings always serialise; the message names no value.
      throw new IllegalStateException("a Secret patch could not be written as JSON", e);
    }
  }

  /**
   * The case of {@link SecretClaim} in which a sync may write a Secret whatever its conflict
   * policy: its own, of the type it writes. Any other cached Secret is read before it is written.
   */
  private static boolean isOwnDockerConfigSecret(Secret cached, String sync) {
    return sync != null
        && sync.equals(ManagedSecret.owner(cached))
        && ManagedSecret.isManaged(cached)
        && ManagedSecret.TYPE.equals(cached.getType());
  }

  /** {@code wanted}, and a JSON null (remove) for every key of {@code previous} it does not set. */
  private static Map<String, String> withRemovals(
      Map<String, String> wanted, Set<String> previous) {
    Map<String, String> entries = new TreeMap<>();
    previous.forEach(key -> entries.put(key, null));
    entries.putAll(wanted);
    return entries;
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
