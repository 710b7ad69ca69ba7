package io.pullwarden.agent.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
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
      finish(file);
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

  @Test
  void kubectlExplainHasADescriptionForEveryTypeAndField() throws IOException {
    for (String file :
        List.of("credentialsources.pullwarden.io-v1.yml", "pullsecretsyncs.pullwarden.io-v1.yml")) {
      CustomResourceDefinition crd =
          Serialization.unmarshal(
              Files.readString(CHART_CRDS.resolve(file)), CustomResourceDefinition.class);
      List<String> undescribed = new java.util.ArrayList<>();
      undescribed(
          crd.getSpec().getNames().getKind(),
          crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema(),
          undescribed);
      assertThat(undescribed).as("fields of %s without a description", file).isEmpty();
    }
  }

  @Test
  void conditionsAreMetav1ConditionsKeyedByType() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CHART_CRDS.resolve("pullsecretsyncs.pullwarden.io-v1.yml")),
            CustomResourceDefinition.class);
    JSONSchemaProps conditions =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("conditions");

    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    JSONSchemaProps condition = conditions.getItems().getSchema();
    assertThat(condition.getRequired())
        .containsExactlyInAnyOrder("lastTransitionTime", "message", "reason", "status", "type");
    assertThat(condition.getProperties().get("status").getEnum())
        .extracting(Object::toString)
        .containsExactly("\"True\"", "\"False\"", "\"Unknown\"");
    assertThat(condition.getProperties().get("lastTransitionTime").getFormat())
        .isEqualTo("date-time");
  }

  private static void undescribed(String path, JSONSchemaProps schema, List<String> found) {
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      found.add(path);
    }
    Map<String, JSONSchemaProps> properties =
        schema.getProperties() == null ? Map.of() : schema.getProperties();
    properties.forEach(
        (name, property) -> {
          String at = path + "." + name;
          if (property.getItems() != null && property.getItems().getSchema() != null) {
            if (property.getDescription() == null || property.getDescription().isBlank()) {
              found.add(at);
            }
            JSONSchemaProps item = property.getItems().getSchema();
            if (item.getProperties() != null) {
              item.getProperties().forEach((n, p) -> undescribed(at + "[]." + n, p, found));
            }
          } else {
            undescribed(at, property, found);
          }
        });
  }

  /** Finishes the generated CRD in {@code file} ({@link CrdFinish}). */
  private static void finish(Path file) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    Class<? extends CustomResource<?, ?>> type =
        Stream.of(CredentialSource.class, PullSecretSync.class)
            .filter(c -> c.getSimpleName().equals(crd.getSpec().getNames().getKind()))
            .findFirst()
            .orElseThrow();
    CrdFinish.apply(crd, type);
    Files.writeString(
        file,
        "# Generated from the Java classes by CustomResourceDefinitionsTest; do not edit.\n"
            + Serialization.asYaml(crd));
  }
}
