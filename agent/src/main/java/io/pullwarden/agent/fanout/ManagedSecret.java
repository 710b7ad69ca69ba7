package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import java.util.Base64;
import java.util.Map;

/**
 * The labels and annotation that mark a Secret as Pullwarden's, and the Secret a sync wants in a
 * namespace. The agent watches only Secrets carrying {@link #MANAGED_BY_LABEL}, so foreign Secrets
 * are never cached.
 */
public final class ManagedSecret {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "pullwarden";
  public static final String SYNC_LABEL = "pullwarden.io/sync";
  public static final String HASH_ANNOTATION = "pullwarden.io/content-hash";

  /** The label selector of the managed-Secret watch. */
  public static final String SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY_VALUE;

  static final String TYPE = "kubernetes.io/dockerconfigjson";
  static final String KEY = ".dockerconfigjson";

  private ManagedSecret() {}

  /** The Secret {@code sync} wants in {@code namespace}. */
  public static Secret desired(String sync, String name, String namespace, DockerConfig config) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of(MANAGED_BY_LABEL, MANAGED_BY_VALUE, SYNC_LABEL, sync))
        .withAnnotations(Map.of(HASH_ANNOTATION, config.hash()))
        .endMetadata()
        .withType(TYPE)
        .withData(Map.of(KEY, Base64.getEncoder().encodeToString(config.json())))
        .build();
  }

  /**
   * True when {@code existing} already is what {@code sync} wants: same type, labels, and the
   * content itself (not just the annotation, so an edit to the data is drift too).
   */
  public static boolean isCurrent(Secret existing, String sync, DockerConfig config) {
    if (existing == null || !TYPE.equals(existing.getType())) {
      return false;
    }
    Map<String, String> labels = existing.getMetadata().getLabels();
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    Map<String, String> data = existing.getData();
    return labels != null
        && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY_LABEL))
        && sync.equals(labels.get(SYNC_LABEL))
        && annotations != null
        && config.hash().equals(annotations.get(HASH_ANNOTATION))
        && data != null
        && data.size() == 1
        && data.get(KEY) != null
        && config.hash().equals(DockerConfig.hashOf(Base64.getDecoder().decode(data.get(KEY))));
  }

  /** The sync a managed Secret belongs to, or null. */
  public static String owner(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels == null ? null : labels.get(SYNC_LABEL);
  }
}
