package io.pullwarden.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * scripts/release's own steps, run on a copy of the tree: a dry run leaves the tree alone, sets the
 * version everywhere in a copy of its own and packages the chart with its checksum, leaving out
 * only the long steps (the test suite and the image), which it names; --set-version starts the next
 * SNAPSHOT. Publishing is not a step of the script, so everything the release workflow runs is run
 * here but the test suite and the image, which the build tests anyway (ADR 0022).
 */
class ReleaseScriptTest {

  @TempDir Path tree;

  private String version;
  private String release;

  @BeforeEach
  void copyTheTree() throws Exception {
    Path repository = ReleaseVersionsTest.REPOSITORY;
    for (Path file : ReleaseVersionsTest.sourceFiles(repository)) {
      Path target = tree.resolve(repository.relativize(file).toString());
      Files.createDirectories(target.getParent());
      Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
    }
    version = ReleaseVersions.of(tree).maven();
    release = version.replaceFirst("-SNAPSHOT$", "");
  }

  @Test
  void aDryRunSetsTheVersionEverywhereInACopyAndPackagesTheChartWithItsChecksum() throws Exception {
    Run run = release(tree, "--dry-run", release);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(ReleaseVersions.of(tree).maven()).as("the tree itself").isEqualTo(version);
    Path copy = tree.resolve("target/release-dry-run");
    ReleaseVersions after = ReleaseVersions.of(copy);
    assertThat(after.maven()).isEqualTo(release);
    assertThat(after.problems()).as("the rule ReleaseVersionsTest holds main to").isEmpty();
    assertThat(run.output())
        .contains("would run: scripts/test")
        .contains("would run: scripts/image --release");
    Path chart = copy.resolve("target/release/pullwarden-" + release + ".tgz");
    assertThat(chart).exists();
    assertThat(Files.readString(copy.resolve("target/release/SHA256SUMS")))
        .isEqualTo(sha256(chart) + "  pullwarden-" + release + ".tgz\n");

    String[] parts = release.split("\\.");
    String next = parts[0] + "." + (Integer.parseInt(parts[1]) + 1) + ".0";
    Run setNext = release(copy, "--set-version", next + "-SNAPSHOT");

    assertThat(setNext.exitCode()).as(setNext.output()).isZero();
    ReleaseVersions snapshot = ReleaseVersions.of(copy);
    assertThat(snapshot.maven()).isEqualTo(next + "-SNAPSHOT");
    assertThat(snapshot.problems()).isEmpty();
    assertThat(Files.readString(copy.resolve("CHANGELOG.md")))
        .containsPattern(
            "(?m)^## \\["
                + next.replace(".", "\\.")
                + "\\] - Unreleased\n\n## \\["
                + release.replace(".", "\\.")
                + "\\] - \\d{4}-\\d{2}-\\d{2}$");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--dry-run, 99.0.0, CHANGELOG.md has no '## [99.0.0] - Unreleased' section",
    "--dry-run, 1.2, is not a release version",
    "--dry-run, 1.2.0-SNAPSHOT, is not a release version",
    "--set-version, v1.2.0, is not MAJOR.MINOR.PATCH",
    "--verify-tag, RELEASE, HEAD has no tag; tag the release commit vRELEASE",
  })
  void refusesBeforeChangingAnything(String mode, String argument, String message)
      throws Exception {
    Run run = release(tree, mode, argument.replace("RELEASE", release));

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains(message.replace("RELEASE", release));
    assertThat(ReleaseVersions.of(tree).maven()).isEqualTo(version);
    assertThat(tree.resolve("target")).as("nothing written").doesNotExist();
  }

  private static Run release(Path tree, String... arguments)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("release", ".log");
    try {
      Process process =
          new ProcessBuilder(
                  Stream.concat(
                          Stream.of(tree.resolve("scripts/release").toString()),
                          Stream.of(arguments))
                      .toList())
              .directory(tree.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      return new Run(process.waitFor(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.delete(log);
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private record Run(int exitCode, String output) {}
}
