package io.pullwarden.plugins.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Proves that the manifests in {@code examples/<dir>/} apply as they are: the API server accepts
 * each of them (server-side dry run against the chart's CRDs) and the plugin accepts each
 * CredentialSource's config of its type. Returns the registry refs that use such a source, for the
 * plugin's own ref checks.
 */
public final class ExampleManifests {

  private ExampleManifests() {}

  /** Registry refs of the examples' PullSecretSyncs whose source is of {@code factory}'s type. */
  @SuppressWarnings("unchecked")
  public static List<Settings> check(
      KubernetesClient client, String exampleDir, CredentialSourceFactory factory)
      throws IOException {
    installCrds(client);
    List<GenericKubernetesResource> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("..", "..", "examples", exampleDir))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (String document : Files.readString(file).split("(?m)^---$")) {
          if (!document.replaceAll("(?m)^\\s*#.*$", "").isBlank()) {
            resources.add(Serialization.unmarshal(document, GenericKubernetesResource.class));
          }
        }
      }
    }
    List<String> sources = new ArrayList<>();
    for (GenericKubernetesResource resource : resources) {
      client.resource(resource).dryRun().forceConflicts().serverSideApply();
      if (resource.getKind().equals("CredentialSource")
          && factory.type().equals(resource.get("spec", "type"))) {
        Map<String, Object> config = resource.get("spec", "config");
        assertThat(factory.validate(Settings.of("spec.config", config)).problems())
            .as("%s in examples/%s", resource.getMetadata().getName(), exampleDir)
            .isEmpty();
        sources.add(resource.getMetadata().getName());
      }
    }
    assertThat(sources).as("CredentialSources of type %s", factory.type()).isNotEmpty();
    List<Settings> refs = new ArrayList<>();
    for (GenericKubernetesResource sync : resources) {
      if (sync.getKind().equals("PullSecretSync")) {
        List<Map<String, Object>> registries = sync.get("spec", "registries");
        for (int i = 0; i < registries.size(); i++) {
          if (sources.contains(registries.get(i).get("sourceRef"))) {
            Object ref = registries.get(i).get("ref");
            refs.add(
                Settings.of(
                    "spec.registries[" + i + "].ref",
                    ref == null ? Map.of() : (Map<String, Object>) ref));
          }
        }
      }
    }
    assertThat(refs).as("registries that use the example's source").isNotEmpty();
    return refs;
  }

  private static void installCrds(KubernetesClient client) throws IOException {
    try (Stream<Path> files =
        Files.list(Path.of("..", "..", "chart", "pullwarden", "files", "crds"))) {
      for (Path file : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.resource(crd).serverSideApply();
          client
              .resource(crd)
              .waitUntilCondition(ExampleManifests::established, 30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static boolean established(HasMetadata resource) {
    CustomResourceDefinition crd = (CustomResourceDefinition) resource;
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }
}
