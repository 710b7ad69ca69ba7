package io.pullwarden.agent.source;

import java.util.Map;

/**
 * Identifies one credential in one store: the CredentialSource (and the generation of its spec, so
 * a reconfigured source starts afresh) and the plugin-specific {@code ref}. Two syncs whose
 * registries have equal keys share one cached credential and one fetch per change.
 */
public record CredentialKey(String source, long sourceGeneration, Map<String, Object> ref) {

  public CredentialKey {
    ref = ref == null ? Map.of() : Map.copyOf(ref);
  }
}
