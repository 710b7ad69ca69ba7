package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.testkit.CredentialSourceConformance;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds {@code examples/plugin-template} as a plugin author would: a copy outside this repository,
 * a Maven project of its own that names only the published artifacts, built offline against a local
 * repository that holds what {@code ./mvnw -pl plugin-parent,plugin-api,plugin-testkit -am install}
 * installs. This build runs {@code verify}, not {@code install}, so those artifacts are laid out in
 * a fresh repository here, from this build's own jars and the modules' poms (ADR 0021); every other
 * library comes read-only from the build's own local repository (Maven's {@code
 * maven.repo.local.tail}), so nothing is downloaded and the shared repository is never written.
 */
final class TemplateBuild {

  private static final String GROUP = "io.pullwarden";

  private final Path sourceRoot = Path.of(property("pullwarden.source.root")).normalize();
  private final String version = property("pullwarden.version");

  /** Copies the template into {@code work}, builds it with {@code mvn verify}, returns its jar. */
  Path buildIn(Path work) throws IOException, InterruptedException {
    Path repository = Files.createDirectories(work.resolve("repository"));
    installPom("pullwarden-parent", sourceRoot.resolve("pom.xml"), repository);
    installPom("pullwarden-plugin-parent", sourceRoot.resolve("plugin-parent/pom.xml"), repository);
    installJar("plugin-api", "pullwarden-plugin-api", CredentialSourceFactory.class, repository);
    installJar("testenv", "pullwarden-testenv", KubernetesServer.class, repository);
    installJar(
        "plugin-testkit",
        "pullwarden-plugin-testkit",
        CredentialSourceConformance.class,
        repository);

    Path project = work.resolve("plugin-example");
    copyTree(sourceRoot.resolve("examples/plugin-template"), project);
    Path log = work.resolve("mvn.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(property("pullwarden.maven.home"), "bin", "mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-o",
            "--no-transfer-progress",
            "-Dmaven.repo.local=" + repository,
            "-Dmaven.repo.local.tail=" + property("pullwarden.local.repository"),
            "verify"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_ARGS");
    Process maven = builder.start();
    if (!maven.waitFor(10, TimeUnit.MINUTES)) {
      maven.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(maven.exitValue())
        .as("mvn verify of the template copy in %s; its output:%n%s", project, tail(output))
        .isZero();
    assertThat(output)
        .as("the template's conformance suite and jar check ran")
        .contains("Tests run:", "ExampleConformanceTest", "ExamplePluginJarIT");
    Path jar = project.resolve("target/pullwarden-plugin-example-1.0.0-SNAPSHOT.jar");
    assertThat(jar).isRegularFile();
    return jar;
  }

  private void installPom(String artifactId, Path pom, Path repository) throws IOException {
    Files.copy(pom, artifactDirectory(repository, artifactId).resolve(file(artifactId, "pom")));
  }

  /**
   * Installs a module's jar, the one on this test's class path (this build's, in a reactor build),
   * with the module's pom, in the layout Maven reads from a local repository.
   */
  private void installJar(String module, String artifactId, Class<?> member, Path repository)
      throws IOException {
    Path jar = codeSource(member);
    assertThat(jar.getFileName().toString())
        .as("%s comes from a jar (run this test with Failsafe, after package)", member.getName())
        .endsWith(".jar");
    Path directory = artifactDirectory(repository, artifactId);
    Files.copy(jar, directory.resolve(file(artifactId, "jar")));
    Files.copy(
        sourceRoot.resolve(module).resolve("pom.xml"), directory.resolve(file(artifactId, "pom")));
  }

  private Path artifactDirectory(Path repository, String artifactId) throws IOException {
    return Files.createDirectories(
        repository.resolve(GROUP.replace('.', '/')).resolve(artifactId).resolve(version));
  }

  private String file(String artifactId, String extension) {
    return artifactId + "-" + version + "." + extension;
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot tell where " + type.getName() + " comes from", e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path relative = from.relativize(file);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s (set by agent/pom.xml)", name).isNotBlank();
    return value;
  }
}
