package io.pullwarden.agent;

import static io.pullwarden.agent.plugins.TestPluginJar.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the built distribution archive and runs {@code bin/pullwarden} as a user would: a real
 * process, with Java found through {@code JAVA_HOME}, the jar's manifest class path and the plugins
 * directory next to the jar.
 */
class DistributionIT {

  private static final String VERSION = System.getProperty("pullwarden.version");

  @TempDir static Path unpacked;
  private static Path home;

  @TempDir Path work;

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("pullwarden.dist.archive"));
    assertThat(archive).as("run 'mvn verify', which builds the archive first").isRegularFile();
    Result tar =
        run(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), Map.of());
    assertThat(tar.exitCode()).as(tar.err()).isZero();
    home = unpacked.resolve("pullwarden-" + VERSION);
  }

  @Test
  void hasTheDocumentedLayoutAndAClassPathThatResolves() throws Exception {
    assertThat(home.resolve("bin/pullwarden")).isExecutable();
    assertThat(jarNames(home.resolve("plugins")))
        .containsExactlyInAnyOrder(
            "pullwarden-plugin-kubernetes-secret-" + VERSION + ".jar",
            "pullwarden-plugin-vault-" + VERSION + ".jar",
            "pullwarden-plugin-aws-" + VERSION + ".jar");
    try (JarFile jar = new JarFile(home.resolve("pullwarden-agent.jar").toFile())) {
      String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
      assertThat(Arrays.stream(classPath.split(" ")).map(home::resolve))
          .allMatch(Files::isRegularFile);
    }
    assertThat(jarNames(home.resolve("lib")))
        .as("plugins stay off the agent's class path; only their API is on it")
        .noneMatch(name -> name.matches("pullwarden-plugin-(kubernetes-secret|vault|aws-.*)-.*"))
        .anyMatch(name -> name.startsWith("pullwarden-plugin-api-"));
  }

  @Test
  void versionRunsFromTheLauncher() throws Exception {
    Result version = pullwarden(Map.of(), "version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out())
        .startsWith("pullwarden " + VERSION + "\n")
        .contains("java " + Runtime.version());
  }

  @Test
  void theLauncherRunsTheJvmWithTheSerialCollectorASmallInitialHeapAndC1Only() throws Exception {
    Result version = pullwarden(Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out())
        .contains("-XX:+UseSerialGC")
        .contains("-XX:InitialHeapSize=16777216")
        .contains("-XX:TieredStopAtLevel=1")
        .contains("-XX:+ExitOnOutOfMemoryError");
  }

  @Test
  void aCompilerChoiceTheJvmReadsItselfIsNotOverriddenByTheLaunchersDefault() throws Exception {
    Result version =
        pullwarden(
            Map.of(
                "JDK_JAVA_OPTIONS",
                "-XX:TieredStopAtLevel=4",
                "JAVA_OPTS",
                "-XX:+PrintCommandLineFlags"),
            "version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out())
        .contains("-XX:TieredStopAtLevel=4")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void javaOptsOverrideTheLaunchersDefaultsIncludingTheCollector() throws Exception {
    Result version =
        pullwarden(
            Map.of("JAVA_OPTS", "-XX:+UseParallelGC -Xms32m -XX:+PrintCommandLineFlags"),
            "version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out())
        .contains("-XX:+UseParallelGC")
        .doesNotContain("-XX:+UseSerialGC")
        .contains("-XX:InitialHeapSize=33554432");
  }

  @Test
  void aCollectorChosenInJavaToolOptionsOrOnAnotherLineReplacesTheSerialOne() throws Exception {
    Result fromTheJvmsOwnVariable =
        pullwarden(
            Map.of(
                "JAVA_TOOL_OPTIONS",
                "-XX:+UseParallelGC",
                "JAVA_OPTS",
                "-XX:+PrintCommandLineFlags"),
            "version");
    Result onAnotherLine =
        pullwarden(
            Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags\n\t-XX:+UseParallelGC"), "version");

    for (Result result : List.of(fromTheJvmsOwnVariable, onAnotherLine)) {
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("-XX:+UseParallelGC").doesNotContain("-XX:+UseSerialGC");
    }
  }

  @Test
  void optionsThatOnlyMentionGcKeepTheSerialCollectorAndAnInitialHeapGivenWins() throws Exception {
    Result version =
        pullwarden(
            Map.of(
                "JAVA_OPTS",
                "-XX:+DisableExplicitGC -XX:InitialRAMPercentage=1 -XX:+PrintCommandLineFlags"),
            "version");

    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.out())
        .contains("-XX:+UseSerialGC")
        .contains("-XX:+DisableExplicitGC")
        .doesNotContain("-XX:InitialHeapSize=16777216");
  }

  @Test
  void pluginsReadsThePluginsDirectoryNextToTheJar() throws Exception {
    Result plugins = pullwarden(Map.of(), "plugins");

    assertThat(plugins.exitCode()).as(plugins.err()).isZero();
    assertThat(plugins.out())
        .contains("Plugins directory: " + home.resolve("plugins"))
        .containsPattern(
            "kubernetes-secret +"
                + VERSION.replace(".", "\\.")
                + " +STARTED +kubernetes-secret +pullwarden-plugin-kubernetes-secret-")
        .doesNotContain("Skipped");
  }

  @Test
  void aRealPluginLoadsAgainstTheDistributionsLibraries() throws Exception {
    Path pluginsDir = work.resolve("plugins");
    plugin("demo").version("0.0.1").serving("demo").writeTo(pluginsDir);

    Result plugins =
        pullwarden(
            Map.of("PULLWARDEN_PLUGINS_DIR", pluginsDir.toString(), "PULLWARDEN_LOG_LEVEL", "info"),
            "plugins");

    assertThat(plugins.exitCode()).as(plugins.err()).isZero();
    assertThat(plugins.out()).containsPattern("demo +0\\.0\\.1 +STARTED +demo +demo\\.jar");
    assertThat(plugins.err()).contains("INFO").contains("Loaded 1 plugin(s)");
  }

  @Test
  void renderPrintsTheSecretOfTheExampleWithoutACluster() throws Exception {
    Path example = Path.of("..", "examples", "kubernetes-secret", "render.yaml").toAbsolutePath();

    Result render =
        pullwarden(Map.of("KUBECONFIG", "/nonexistent"), "render", "-f", example.toString());

    assertThat(render.exitCode()).as(render.err()).isZero();
    Secret secret = Serialization.unmarshal(render.out(), Secret.class);
    assertThat(secret.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
    assertThat(secret.getMetadata().getName()).isEqualTo("example-registry");
    assertThat(secret.getMetadata().getLabels())
        .as("the template's label next to Pullwarden's own")
        .containsEntry("app.kubernetes.io/part-of", "example")
        .containsEntry("pullwarden.io/sync", "example-registry");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/compare-options", "IgnoreExtraneous");
    JsonNode entry =
        new ObjectMapper()
            .readTree(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")))
            .at("/auths/registry.example.com");
    assertThat(new String(Base64.getDecoder().decode(entry.get("auth").asText())))
        .isEqualTo("robot:change-me");
  }

  @Test
  void renderNamesTheMissingKeyAndPrintsNoSecret() throws Exception {
    Path broken = work.resolve("broken.yaml");
    Files.writeString(
        broken,
        Files.readString(Path.of("..", "examples", "kubernetes-secret", "render.yaml"))
            .replace("  password: change-me\n", ""));

    Result render = pullwarden(Map.of(), "render", "-f", broken.toString());

    assertThat(render.exitCode()).isEqualTo(1);
    assertThat(render.out()).doesNotContain("kind");
    assertThat(render.err())
        .contains("PullSecretSync example-registry cannot be rendered")
        .contains("password")
        .doesNotContain("change-me");
  }

  @Test
  void renderRefusesASecretThatIsNotMarkedForTheSourceAsTheAgentWould() throws Exception {
    Path unmarked = work.resolve("unmarked.yaml");
    Files.writeString(
        unmarked,
        Files.readString(Path.of("..", "examples", "kubernetes-secret", "render.yaml"))
            .replace(
                "  annotations:\n"
                    + "    # Only the CredentialSources named here may read this Secret"
                    + " (docs/security.md).\n"
                    + "    pullwarden.io/credential-sources: central\n",
                ""));

    Result render = pullwarden(Map.of(), "render", "-f", unmarked.toString());

    assertThat(render.exitCode()).isEqualTo(1);
    assertThat(render.out()).doesNotContain("kind");
    assertThat(render.err())
        .contains("is not marked for CredentialSource central")
        .doesNotContain("change-me");
  }

  private static List<String> jarNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(n -> n.endsWith(".jar"))
          .toList();
    }
  }

  private Result pullwarden(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/pullwarden").toString());
    command.addAll(List.of(args));
    return run(command, environment);
  }

  private static Result run(List<String> command, Map<String, String> environment)
      throws Exception {
    Path out = Files.createTempFile("pullwarden-out", ".txt");
    Path err = Files.createTempFile("pullwarden-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("PULLWARDEN_PLUGINS_DIR");
    builder.environment().remove("PULLWARDEN_LOG_LEVEL");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within 60 s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String out, String err) {}
}
