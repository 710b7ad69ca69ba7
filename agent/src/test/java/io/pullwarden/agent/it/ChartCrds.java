package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CRDs the chart installs from {@code templates/crds.yaml}: the files in {@code files/crds/}
 * that {@code CustomResourceDefinitionsTest} generates from the Java classes (one source of truth),
 * with the chart's labels and, with {@code crds.keep}, Helm's keep policy.
 */
final class ChartCrds {

  static final Path DIRECTORY = HelmChart.CHART.resolve("files/crds");

  private ChartCrds() {}

  /** The generated CRDs, as the files hold them. */
  static List<CustomResourceDefinition> generated() throws IOException {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files
          .sorted()
          .map(ChartCrds::read)
          .map(text -> Serialization.unmarshal(text, CustomResourceDefinition.class))
          .toList();
    }
  }

  /**
   * Asserts that {@code rendered} holds each generated CRD with its spec unchanged, the release's
   * labels, and the keep policy exactly when {@code keep}.
   */
  static void assertRenderedAsGenerated(List<HasMetadata> rendered, boolean keep)
      throws IOException {
    List<CustomResourceDefinition> crds =
        rendered.stream()
            .filter(CustomResourceDefinition.class::isInstance)
            .map(CustomResourceDefinition.class::cast)
            .toList();
    List<CustomResourceDefinition> generated = generated();
    assertThat(crds)
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder(
            generated.stream().map(crd -> crd.getMetadata().getName()).toArray(String[]::new));
    for (CustomResourceDefinition file : generated) {
      CustomResourceDefinition crd =
          crds.stream()
              .filter(c -> c.getMetadata().getName().equals(file.getMetadata().getName()))
              .findFirst()
              .orElseThrow();
      assertThat(crd.getSpec())
          .as("spec of %s", crd.getMetadata().getName())
          .isEqualTo(file.getSpec());
      assertThat(crd.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/part-of", "pullwarden");
      if (keep) {
        assertThat(crd.getMetadata().getAnnotations())
            .containsEntry("helm.sh/resource-policy", "keep");
      } else {
        assertThat(crd.getMetadata().getAnnotations()).isNullOrEmpty();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
