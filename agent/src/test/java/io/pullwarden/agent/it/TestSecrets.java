package io.pullwarden.agent.it;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.agent.dockerconfig.TestLogins;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.TemplateMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Secrets of the shapes the admission-policy and trust-boundary tests write: the one the agent
 * writes (built by the agent's own {@link ManagedSecret#desired}), and others of any type with or
 * without Pullwarden's labels. Each type carries the keys the API server requires of it.
 */
final class TestSecrets {

  static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
  static final String TLS = "kubernetes.io/tls";
  static final String OPAQUE = "Opaque";

  /** Both of Pullwarden's ownership labels, for sync {@code sync}. */
  static Map<String, String> ownershipLabels(String sync) {
    return Map.of(
        ManagedSecret.MANAGED_BY_LABEL,
        ManagedSecret.MANAGED_BY_VALUE,
        ManagedSecret.SYNC_LABEL,
        sync);
  }

  private TestSecrets() {}

  /** The Secret the agent writes for {@code sync}, with a login for {@code password}. */
  static Secret managed(String namespace, String name, String sync, String password) {
    return ManagedSecret.desired(
        sync,
        name,
        namespace,
        TestLogins.robot("registry.policy.test", password),
        TemplateMetadata.NONE);
  }

  /** A Secret of {@code type} without Pullwarden's labels. */
  static Secret unlabelled(String namespace, String name, String type) {
    return labelled(namespace, name, type, Map.of());
  }

  /** A Secret of {@code type} with {@code labels} and the data keys its type requires. */
  static Secret labelled(String namespace, String name, String type, Map<String, String> labels) {
    Map<String, String> data =
        switch (type) {
          case DOCKER_CONFIG_JSON -> Map.of(".dockerconfigjson", "{\"auths\":{}}");
          case TLS -> Map.of("tls.crt", "not a certificate", "tls.key", "not a key");
          default -> Map.of("note", "hello");
        };
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withType(type)
        .withData(encoded(data))
        .build();
  }

  /** {@code secret} with one more data key, as an edit of its content would leave it. */
  static Secret edited(Secret secret) {
    return new SecretBuilder(secret).addToData(encoded(Map.of("edited", "yes"))).build();
  }

  private static Map<String, String> encoded(Map<String, String> data) {
    return data.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    Base64.getEncoder()
                        .encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))));
  }
}
