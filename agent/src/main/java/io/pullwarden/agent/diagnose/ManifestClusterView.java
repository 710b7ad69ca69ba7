package io.pullwarden.agent.diagnose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ClusterView} over the objects of a manifest file, for {@code diagnose -f} without a
 * cluster: the Secrets, ServiceAccounts, PullSecretSyncs and Events in the file are all there is.
 * The pod to diagnose is a Pod, or the pod template of a workload (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job: {@code spec.template}; CronJob: {@code spec.jobTemplate}).
 */
public final class ManifestClusterView implements ClusterView {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final List<JsonNode> objects;

  private ManifestClusterView(List<JsonNode> objects) {
    this.objects = objects;
  }

  /** Reads every YAML document of {@code reader}; empty documents are skipped. */
  public static ManifestClusterView read(Reader reader) throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    var yaml = new ObjectMapper(new YAMLFactory());
    try (var documents = yaml.readValues(yaml.createParser(reader), JsonNode.class)) {
      while (documents.hasNext()) {
        JsonNode node = documents.next();
        if (node != null && node.isObject()) {
          objects.add(node);
        }
      }
    }
    return new ManifestClusterView(objects);
  }

  /**
   * The pod to diagnose: the object named {@code name} (any, when empty) that holds a pod spec, as
   * a subject in its own namespace, else {@code namespace}.
   */
  public Optional<Subject> subject(Optional<String> name, String namespace) {
    for (JsonNode object : objects) {
      JsonNode spec = podSpec(object);
      String objectName = object.path("metadata").path("name").asText();
      if (spec.isMissingNode() || name.filter(n -> !n.equals(objectName)).isPresent()) {
        continue;
      }
      String ns = object.path("metadata").path("namespace").asText(namespace);
      PodSpec podSpec = JSON.convertValue(spec, PodSpec.class);
      String kind = object.path("kind").asText();
      return Optional.of(
          Subjects.ofPod(
              ns,
              Optional.of(kind.equals("Pod") ? objectName : kind + "/" + objectName),
              podSpec,
              false));
    }
    return Optional.empty();
  }

  private static JsonNode podSpec(JsonNode object) {
    return switch (object.path("kind").asText()) {
      case "Pod" -> object.path("spec");
      case "CronJob" ->
          object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
      default -> object.path("spec").path("template").path("spec");
    };
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return find("ServiceAccount", namespace, name).map(o -> convert(o, ServiceAccount.class));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return find("Secret", namespace, name).map(o -> secret(o));
  }

  @Override
  public List<String> namespacesWithSecret(String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals("Secret"))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .map(o -> o.path("metadata").path("namespace").asText("default"))
        .toList();
  }

  @Override
  public Optional<PullSecretSync> pullSecretSync(String name) {
    return find("PullSecretSync", null, name).map(o -> convert(o, PullSecretSync.class));
  }

  @Override
  public List<PullEvent> podEvents(String namespace, String pod) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals("Event"))
        .map(o -> convert(o, Event.class))
        .filter(e -> e.getInvolvedObject() != null)
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .filter(
            e ->
                namespace.equals(
                    Objects.requireNonNullElse(e.getMetadata().getNamespace(), namespace)))
        .map(KubernetesClusterView::pullEvent)
        .toList();
  }

  private Optional<JsonNode> find(String kind, String namespace, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .filter(
            o ->
                namespace == null
                    || o.path("metadata").path("namespace").asText(namespace).equals(namespace))
        .findFirst();
  }

  /** A Secret as the API server would hold it: {@code stringData} folded into {@code data}. */
  private static Secret secret(JsonNode object) {
    Secret secret = convert(object, Secret.class);
    if (secret.getStringData() != null) {
      var data =
          new LinkedHashMap<>(
              Objects.requireNonNullElse(secret.getData(), Map.<String, String>of()));
      secret
          .getStringData()
          .forEach(
              (k, v) ->
                  data.put(
                      k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
      secret.setData(data);
      secret.setStringData(null);
    }
    return secret;
  }

  private static <T> T convert(JsonNode object, Class<T> type) {
    return JSON.convertValue(object, type);
  }
}
