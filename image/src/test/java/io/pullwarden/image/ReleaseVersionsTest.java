package io.pullwarden.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One version names the Maven project, every module, the chart's version and appVersion, the image
 * tag and CHANGELOG.md's newest section (ADR 0022). Runs in every build, so a commit that changes
 * one of them alone fails here rather than at release time.
 */
class ReleaseVersionsTest {

  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private static final String NEWEST_SECTION = "(?m)^(## \\[[^]]+\\]) - .*$";

  @TempDir Path copy;

  @Test
  void theTreeNamesOneVersionEverywhere() throws Exception {
    ReleaseVersions versions = ReleaseVersions.of(REPOSITORY);

    assertThat(versions.problems()).isEmpty();
    assertThat(versions.maven()).matches("\\d+\\.\\d+\\.\\d+(-rc\\.\\d+|-SNAPSHOT)?");
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "chart/pullwarden/Chart.yaml|appVersion: \"VERSION\"|appVersion: \"9.9.9\""
            + "|chart/pullwarden/Chart.yaml appVersion is 9.9.9, not VERSION",
        "chart/pullwarden/Chart.yaml|version: VERSION|version: 0.1.0"
            + "|chart/pullwarden/Chart.yaml version is 0.1.0, not VERSION",
        "plugins/vault/pom.xml|<version>VERSION</version>|<version>0.0.9</version>"
            + "|plugins/vault/pom.xml <parent><version> is 0.0.9, not VERSION",
        "chart/pullwarden/values.yaml|  tag: \"\"|  tag: \"latest\""
            + "|values.yaml image.tag is latest",
        "image/pom.xml|${image.repository}:${project.version}|${image.repository}:latest"
            + "|Jib's <to><image> is ${image.repository}:latest",
        "CHANGELOG.md|## [BASE]|## [9.9.9]|CHANGELOG.md's newest section is '## [9.9.9]",
      })
  void aPlaceThatDisagreesIsNamed(String file, String from, String to, String problem)
      throws Exception {
    String version = ReleaseVersions.of(REPOSITORY).maven();
    copyVersionFiles();
    Path changed = copy.resolve(file);
    String text = Files.readString(changed);
    String original =
        from.replace("VERSION", version).replace("BASE", version.replaceFirst("-.*", ""));
    assertThat(text).as(file).contains(original);
    Files.writeString(changed, text.replace(original, to));

    assertThat(ReleaseVersions.of(copy).problems())
        .singleElement()
        .asString()
        .contains(problem.replace("VERSION", version));
  }

  @Test
  void aReleasedVersionWantsADatedChangelogSection() throws Exception {
    copyVersionFiles();
    Path changelog = copy.resolve("CHANGELOG.md");
    Files.writeString(
        changelog, Files.readString(changelog).replaceFirst(NEWEST_SECTION, "$1 - 2026-01-01"));
    String snapshot = ReleaseVersions.of(REPOSITORY).maven();
    String version = snapshot.replaceFirst("-.*", "");
    try (Stream<Path> files = Files.walk(copy)) {
      for (Path file :
          files.filter(p -> p.endsWith("pom.xml") || p.endsWith("Chart.yaml")).toList()) {
        Files.writeString(file, Files.readString(file).replace(snapshot, version));
      }
    }

    assertThat(ReleaseVersions.of(copy).problems()).isEmpty();
    Files.writeString(
        changelog, Files.readString(changelog).replaceFirst(NEWEST_SECTION, "$1 - Unreleased"));
    assertThat(ReleaseVersions.of(copy).problems())
        .singleElement()
        .asString()
        .contains("not '## [" + version + "] - YYYY-MM-DD' for " + version);
  }

  /** The poms, Chart.yaml, values.yaml and CHANGELOG.md: what {@link ReleaseVersions} reads. */
  private void copyVersionFiles() throws IOException {
    for (Path file : sourceFiles(REPOSITORY)) {
      if (file.endsWith("pom.xml")
          || file.endsWith("CHANGELOG.md")
          || file.endsWith("chart/pullwarden/Chart.yaml")
          || file.endsWith("chart/pullwarden/values.yaml")) {
        Path target = copy.resolve(REPOSITORY.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }

  /** The files of the tree at {@code root}, without build output ({@code target/}) and Git's. */
  static List<Path> sourceFiles(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String name = dir.getFileName().toString();
            return name.equals("target") || name.equals(".git")
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && !file.getFileName().toString().equals(".git")) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }
}
