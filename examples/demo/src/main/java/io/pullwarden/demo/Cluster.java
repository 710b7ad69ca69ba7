package io.pullwarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The few things the demo does to the cluster, and what it reads back to show. */
final class Cluster {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  Cluster(KubernetesClient client) {
    this.client = client;
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

  /** A Secret of login material, marked as readable by CredentialSource {@code source}. */
  void secret(String namespace, String name, String source, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(Map.of("pullwarden.io/credential-sources", source))
                .endMetadata()
                .withStringData(data)
                .build())
        .serverSideApply();
  }

  void apply(String yaml) {
    client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).serverSideApply();
  }

  /** Waits until every namespace's Secret holds {@code password} for {@code server}. */
  void awaitSecrets(
      List<String> namespaces, String name, String server, String password, Duration patience)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    while (!namespaces.stream().allMatch(ns -> password.equals(login(ns, name, server)[1]))) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "the Secrets did not appear within " + patience + "; see the agent's log");
      }
      Thread.sleep(200);
    }
  }

  /** One row per namespace: the Secret, its registry and login (password masked), the account. */
  List<List<String>> describe(List<String> namespaces, String name, String server) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "NAMESPACE",
            "SECRET",
            "REGISTRY",
            "USERNAME",
            "PASSWORD",
            "SERVICEACCOUNT default PULLS WITH"));
    for (String namespace : namespaces) {
      String[] login = login(namespace, name, server);
      ServiceAccount account =
          client.serviceAccounts().inNamespace(namespace).withName("default").get();
      List<String> pullSecrets =
          account.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
      rows.add(
          List.of(
              namespace, name, server, login[0], mask(login[1]), String.join(", ", pullSecrets)));
    }
    return rows;
  }

  private String[] login(String namespace, String name, String server) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null) {
      return new String[] {"", ""};
    }
    try {
      JsonNode entry =
          JSON.readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")))
              .path("auths")
              .path(server);
      return new String[] {entry.path("username").asText(), entry.path("password").asText()};
    } catch (IOException e) {
      return new String[] {"", ""};
    }
  }

  /** Enough of a password to see it change, not enough to use it. */
  private static String mask(String password) {
    return password.length() <= 4
        ? "****"
        : password.substring(0, 3) + "****" + password.substring(password.length() - 2);
  }
}
