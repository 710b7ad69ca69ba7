package io.pullwarden.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.testenv.RuncContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image the build produced ({@code image/target/pullwarden-image.tar}), run the way the chart
 * runs it: under runc as uid 65532, read-only root, {@code /tmp} a tmpfs, no capabilities. It
 * proves what a unit test cannot: the entry point starts on the base's Java, finds the three
 * built-in plugins, honours the chart's {@code JDK_JAVA_OPTIONS}, has what the chart's plugin init
 * container runs, ships the SBOMs, and carries the name and version the chart installs by default.
 */
class ImageIT {

  private static final Path IMAGE = Path.of(System.getProperty("pullwarden.image.tar"));
  private static final String VERSION = System.getProperty("pullwarden.version");
  private static final String NAME = System.getProperty("pullwarden.image.name");
  private static final Path CHART = Path.of(System.getProperty("pullwarden.chart.dir"));
  private static final Path DIGEST_FILE =
      Path.of(System.getProperty("pullwarden.image.digest.file"));

  private static RuncContainer container;

  @BeforeAll
  static void unpack() {
    container = RuncContainer.unpack(IMAGE);
  }

  @AfterAll
  static void delete() {
    if (container != null) {
      container.close();
    }
  }

  @Test
  void versionRunsOnTheImagesJava() {
    RuncContainer.Result result = container.run(Map.of(), "version");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("pullwarden " + VERSION)
        .containsPattern("java 2[1-9]|java [3-9]");
  }

  @Test
  void theBuiltInPluginsStartAndServeTheFourTypes() {
    RuncContainer.Result result = container.run(Map.of(), "plugins");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Plugins directory: /opt/pullwarden/plugins");
    for (String plugin : List.of("kubernetes-secret", "vault")) {
      assertThat(result.output())
          .containsPattern(
              "(?m)^" + plugin + " +" + Pattern.quote(VERSION) + " +STARTED +" + plugin + " ");
    }
    // One jar, one copy of the AWS SDK, for both AWS types (ADR 0021).
    assertThat(result.output())
        .containsPattern(
            "(?m)^aws +"
                + Pattern.quote(VERSION)
                + " +STARTED +(aws-secrets-manager,aws-ecr|aws-ecr,aws-secrets-manager) ");
  }

  @Test
  void jdkJavaOptionsReachTheJvmAndReplaceTheImagesDefaults() {
    // The image's default JDK_JAVA_OPTIONS chooses the Serial collector; the chart's value replaces
    // it, and a second collector would stop the JVM, so choosing another one proves both.
    RuncContainer.Result result =
        container.run(Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC -Xlog:gc"), "version");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Using Parallel").contains("pullwarden " + VERSION);
  }

  @Test
  void theDefaultsChooseTheSerialCollector() {
    RuncContainer.Result result =
        container.exec(
            Map.of(),
            List.of("java", "-Xlog:gc", "-version")); // JDK_JAVA_OPTIONS from the image's Env

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("Using Serial");
  }

  @Test
  void thePluginInitContainersToolsWorkOnAReadOnlyRoot() {
    // What chart/pullwarden/templates/deployment.yaml's init container runs: sh, cp, ls.
    RuncContainer.Result result =
        container.exec(
            Map.of(),
            List.of(
                "sh",
                "-c",
                "set -eu; mkdir /tmp/plugins; cp /opt/pullwarden/plugins/*.jar /tmp/plugins/;"
                    + " ls -l /tmp/plugins; touch /opt/pullwarden/x 2>/dev/null && exit 3 || true"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("pullwarden-plugin-vault-" + VERSION + ".jar");
  }

  @Test
  void runsAsTheChartsUserWithRunAsItsDefaultCommand() {
    assertThat(container.imageConfig().path("User").asText()).isEqualTo("65532:65532");
    assertThat(container.imageConfig().path("Cmd").toString()).isEqualTo("[\"run\"]");
    assertThat(container.imageConfig().path("Entrypoint").get(0).asText()).isEqualTo("java");
  }

  @Test
  void shipsTheSbomsOfTheAgentAndEveryPlugin() throws IOException {
    Path sbom = container.file("/opt/pullwarden/sbom");

    assertThat(Files.readString(sbom.resolve("pullwarden-agent.cdx.json")))
        .contains("\"bomFormat\" : \"CycloneDX\"")
        .contains("pkg:maven/io.pullwarden/pullwarden-agent@" + VERSION)
        .contains("pkg:maven/io.fabric8/kubernetes-client@");
    assertThat(Files.readString(sbom.resolve("plugins/pullwarden-plugin-vault-cyclonedx.json")))
        .contains("pkg:maven/io.github.jopenlibs/vault-java-driver@");
    assertThat(Files.readString(sbom.resolve("plugins/pullwarden-plugin-aws-cyclonedx.json")))
        .contains("pkg:maven/software.amazon.awssdk/secretsmanager@")
        .contains("pkg:maven/software.amazon.awssdk/ecr@");
    assertThat(Files.list(sbom.resolve("plugins"))).hasSize(3);
  }

  @Test
  void theChartsDefaultImageIsTheOneTheBuildMade() throws IOException {
    String chart = Files.readString(CHART.resolve("Chart.yaml"));
    String values = Files.readString(CHART.resolve("values.yaml"));

    assertThat(NAME).isEqualTo(yamlValue(values, "  repository") + ":" + VERSION);
    assertThat(yamlValue(chart, "appVersion")).as("Chart.yaml appVersion").isEqualTo(VERSION);
    assertThat(
            container
                .imageConfig()
                .path("Labels")
                .path("org.opencontainers.image.version")
                .asText())
        .isEqualTo(VERSION);
    assertThat(Files.readString(DIGEST_FILE).strip())
        .as("Jib's digest file names the manifest in the tarball")
        .isEqualTo(container.manifestDigest());
  }

  private static String yamlValue(String yaml, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ": *\"?([^\"\\s]+)\"?").matcher(yaml);
    assertThat(m.find()).as(key + " in " + yaml.lines().limit(3).toList()).isTrue();
    return m.group(1);
  }
}
