package io.pullwarden.agent.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRDs shipped in the chart are generated from the Java classes; this test fails the build when
 * they are stale. Regenerate with: {@code ./mvnw -pl agent -am test
 * -Dtest=CustomResourceDefinitionsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpullwarden.crds.write=true}
 */
class CustomResourceDefinitionsTest {

  static final Path CHART_CRDS = Path.of("..", "chart", "pullwarden", "crds");

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
}
