package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.NamespaceSelection;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.source.SecretAccess;
import io.pullwarden.testenv.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Builds the objects the integration tests need and reads back what the agent wrote. */
final class TestCluster {

  static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  TestCluster(KubernetesClient client) {
    this.client = client;
  }

  KubernetesClient client() {
    return client;
  }

  void namespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /**
   * A ServiceAccount with every field the agent must leave alone set: a label, an annotation, a
   * token Secret reference, automount off, and one imagePullSecrets entry ({@code team-registry}).
   */
  ServiceAccount serviceAccount(String namespace, String name) {
    return client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of("team", "a"))
                .withAnnotations(Map.of("example.com/owner", "team-a"))
                .endMetadata()
                .withSecrets(new ObjectReferenceBuilder().withName(name + "-token").build())
                .withAutomountServiceAccountToken(false)
                .withImagePullSecrets(new LocalObjectReference("team-registry"))
                .build())
        .create();
  }

  /**
   * A central credential Secret in the agent's namespace, read by the kubernetes-secret plugin for
   * CredentialSource {@code source}, which it is marked for.
   */
  void centralLogin(String source, String name, String username, String password) {
    markedSecret(name, source, Map.of("username", username, "password", password));
  }

  /**
   * A store login (key {@code token}) in the agent's namespace, such as a Vault token, marked for
   * the CredentialSources {@code sources} (comma-separated) and no other.
   */
  void storeToken(String name, String sources, String token) {
    markedSecret(name, sources, Map.of("token", token));
  }

  /**
   * A Secret in the agent's namespace holding {@code data}, marked for the CredentialSources {@code
   * sources} (comma-separated) and no other.
   */
  void markedSecret(String name, String sources, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(RunningAgent.AGENT_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(Map.of(SecretAccess.ANNOTATION, sources))
                .endMetadata()
                .withStringData(data)
                .build())
        .serverSideApply();
  }

  /**
   * A kubernetes-secret CredentialSource over the agent's namespace whose credentials may go to
   * every namespace.
   */
  void source(String name) {
    source(name, everywhere());
  }

  /** Every namespace, as a source's spec.targetNamespaces ({@code selector: {}}). */
  static AllowedNamespaces everywhere() {
    AllowedNamespaces everywhere = new AllowedNamespaces();
    everywhere.setSelector(new LabelSelector());
    return everywhere;
  }

  /**
   * A vault CredentialSource at {@code address} that logs in with {@code auth}, allowed into {@code
   * targets}; {@code customise} adjusts the spec (leases, resilience).
   */
  void vaultSource(
      String name,
      String address,
      Map<String, Object> auth,
      AllowedNamespaces targets,
      Consumer<CredentialSourceSpec> customise) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("vault");
    spec.setConfig(Map.of("address", address, "auth", auth));
    spec.setTargetNamespaces(targets);
    customise.accept(spec);
    source.setSpec(spec);
    client.resource(source).serverSideApply();
  }

  /** Vault's token login from key {@code token} of Secret {@code secret}, as a source's auth. */
  static Map<String, Object> tokenLogin(String secret) {
    return Map.of("token", Map.of("secretRef", Map.of("name", secret, "key", "token")));
  }

  /** The namespaces labelled {@code label=true}, as a source's spec.targetNamespaces. */
  /**
   * An AWS source's {@code spec.config} for moto: its region and endpoint, and the access keys in
   * the agent's Secret {@code keysSecret} (keys {@code id} and {@code secret}).
   */
  static Map<String, Object> motoConfig(MotoServer moto, String keysSecret) {
    return Map.of(
        "region", moto.region(),
        "endpoint", moto.endpoint().toString(),
        "auth",
            Map.of(
                "accessKeyIdRef", Map.of("name", keysSecret, "key", "id"),
                "secretAccessKeyRef", Map.of("name", keysSecret, "key", "secret")));
  }

  static AllowedNamespaces allowedTo(String label) {
    AllowedNamespaces allowed = new AllowedNamespaces();
    allowed.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(label, "true")).build());
    return allowed;
  }

  /**
   * A kubernetes-secret CredentialSource over the agent's namespace, allowed into {@code targets}.
   */
  void source(String name, AllowedNamespaces targets) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("kubernetes-secret");
    spec.setConfig(Map.of("namespace", RunningAgent.AGENT_NAMESPACE));
    spec.setTargetNamespaces(targets);
    source.setSpec(spec);
    client.resource(source).serverSideApply();
  }

  /**
   * A sync of {@code server} from central Secret {@code secret} through {@code source}, to the
   * namespaces labelled {@code label=true}; {@code customise} adjusts the spec.
   */
  PullSecretSync sync(
      String name,
      String source,
      String secret,
      String server,
      String label,
      Consumer<PullSecretSyncSpec> customise) {
    PullSecretSyncSpec spec = new PullSecretSyncSpec();
    spec.setSecretName(name + "-pull");
    RegistrySpec registry = new RegistrySpec();
    registry.setServer(server);
    registry.setSourceRef(source);
    registry.setRef(Map.of("name", secret));
    spec.setRegistries(List.of(registry));
    NamespaceSelection selection = new NamespaceSelection();
    selection.setSelector(
        new LabelSelectorBuilder().withMatchLabels(Map.of(label, "true")).build());
    spec.setNamespaces(selection);
    spec.setRefreshInterval("2s");
    customise.accept(spec);
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName(name);
    sync.setSpec(spec);
    return client.resource(sync).serverSideApply();
  }

  PullSecretSync getSync(String name) {
    return client.resources(PullSecretSync.class).withName(name).get();
  }

  CredentialSource getSource(String name) {
    return client.resources(CredentialSource.class).withName(name).get();
  }

  Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /**
   * Secret {@code name}'s labels in {@code namespace}, empty if there is no such Secret: what a
   * wait for a Secret to come or go prints, where the Secret itself would print its data.
   */
  Optional<Map<String, String>> secretLabels(String namespace, String name) {
    return Optional.ofNullable(secret(namespace, name))
        .map(s -> Objects.requireNonNullElse(s.getMetadata().getLabels(), Map.of()));
  }

  /**
   * Asserts that Secret {@code name} in each of {@code namespaces} holds {@code password} for
   * {@code server}; a failure lists only the namespaces that differ, with what each held.
   */
  void assertWrittenEverywhere(
      List<String> namespaces, String name, String server, String password) {
    Map<String, Optional<String>> differing = new LinkedHashMap<>();
    for (String namespace : namespaces) {
      Optional<String> written = writtenPassword(namespace, name, server);
      if (!written.equals(Optional.of(password))) {
        differing.put(namespace, written);
      }
    }
    assertThat(differing)
        .as("namespaces whose %s does not hold password %s, with what it holds", name, password)
        .isEmpty();
  }

  /** The password the written Secret holds for {@code server}, decoded from its auth field. */
  Optional<String> writtenPassword(String namespace, String name, String server) {
    Secret secret = secret(namespace, name);
    if (secret == null
        || secret.getData() == null
        || !secret.getData().containsKey(".dockerconfigjson")) {
      return Optional.empty();
    }
    try {
      JsonNode auth =
          JSON.readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")))
              .path("auths")
              .path(server)
              .path("auth");
      if (auth.isMissingNode()) {
        return Optional.empty();
      }
      String login = new String(Base64.getDecoder().decode(auth.asText()));
      return Optional.of(login.substring(login.indexOf(':') + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the CredentialSource's Ready condition has {@code status}; returns it. */
  Condition awaitSourceReady(String source, String status) {
    return StatusConditions.awaitStatus(
        "CredentialSource " + source,
        () -> Optional.ofNullable(getSource(source)).map(CredentialSource::getStatus).orElse(null),
        "Ready",
        status);
  }

  /** The CredentialSource's Ready condition, once it has one. */
  Optional<Condition> sourceReady(String source) {
    return Optional.ofNullable(getSource(source))
        .map(CredentialSource::getStatus)
        .flatMap(
            s -> s.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst());
  }

  /** Waits until the sync's condition of {@code type} has {@code status}; returns it. */
  Condition awaitCondition(String sync, String type, String status) {
    return StatusConditions.awaitStatus(
        "PullSecretSync " + sync,
        () -> Optional.ofNullable(getSync(sync)).map(PullSecretSync::getStatus).orElse(null),
        type,
        status);
  }
}
