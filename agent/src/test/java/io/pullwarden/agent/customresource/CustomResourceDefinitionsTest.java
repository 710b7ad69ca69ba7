package io.pullwarden.agent.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRDs shipped in the chart ({@code chart/pullwarden/files/crds/}, which the chart's {@code
 * templates/crds.yaml} installs and upgrades, and which users without the chart apply) are
 * generated from the Java classes; this test fails the build when they are stale, with the printer
 * columns in the order the classes declare. Regenerate with: {@code ./mvnw -pl agent -am test
 * -Dtest=CustomResourceDefinitionsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpullwarden.crds.write=true}
 */
class CustomResourceDefinitionsTest {

  static final Path CHART_CRDS = Path.of("..", "chart", "pullwarden", "files", "crds");

  @Test
  void chartCrdsMatchTheJavaClasses(@TempDir Path generated) throws IOException {
    new CRDGenerator()
        .inOutputDir(generated.toFile())
        .forCRDVersions("v1")
        .customResourceClasses(CredentialSource.class, PullSecretSync.class)
        .generate();

    List<Path> files;
    try (Stream<Path> list = Files.list(generated)) {
      files = list.sorted().toList();
    }
    assertThat(files).hasSize(2);
    for (Path file : files) {
      keepDeclaredColumnOrder(file);
    }
    if (Boolean.getBoolean("pullwarden.crds.write")) {
      Files.createDirectories(CHART_CRDS);
      for (Path file : files) {
        Files.copy(
            file, CHART_CRDS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (Path file : files) {
      Path checkedIn = CHART_CRDS.resolve(file.getFileName());
      assertThat(checkedIn)
          .as(
              "%s is stale; regenerate the CRDs with: ./mvnw -pl agent -am test"
                  + " -Dtest=CustomResourceDefinitionsTest -Dsurefire.failIfNoSpecifiedTests=false"
                  + " -Dpullwarden.crds.write=true",
              checkedIn)
          .exists()
          .hasSameTextualContentAs(file);
    }
  }

  @Test
  void onlyAgeIsADateColumnBecauseKubectlPrintsAFutureDateAsInvalid() {
    for (Class<?> type : List.of(CredentialSource.class, PullSecretSync.class)) {
      assertThat(type.getAnnotationsByType(AdditionalPrinterColumn.class))
          .filteredOn(column -> column.type() == AdditionalPrinterColumn.Type.DATE)
          .extracting(AdditionalPrinterColumn::name)
          .as("date columns of %s", type.getSimpleName())
          .containsExactly("Age");
    }
  }

  /**
   * Puts each version's printer columns in the order the class declares them: the generator sorts
   * them by JSON path (fabric8 kubernetes-client issue 7454), and kubectl shows them in the CRD's
   * order.
   */
  private static void keepDeclaredColumnOrder(Path file) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    Class<?> type =
        Stream.of(CredentialSource.class, PullSecretSync.class)
            .filter(c -> c.getSimpleName().equals(crd.getSpec().getNames().getKind()))
            .findFirst()
            .orElseThrow();
    List<String> declared =
        Stream.of(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns =
          new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(column -> declared.indexOf(column.getName())));
      version.setAdditionalPrinterColumns(columns);
    }
    Files.writeString(
        file,
        "# Generated from the Java classes by CustomResourceDefinitionsTest; do not edit.\n"
            + Serialization.asYaml(crd));
  }
}
