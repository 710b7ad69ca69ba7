package io.pullwarden.agent.cli;

import static io.pullwarden.agent.plugins.TestPluginJar.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.plugins.TestPluginJar;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {

  @TempDir Path dir;

  @AfterEach
  void quietLogging() {
    LogFormat.CONSOLE.apply(LogLevelOption.Level.WARN);
  }

  @Test
  void listsLoadedPluginsAndSkippedJars() throws Exception {
    plugin("alpha").version("2.0.1").serving("alpha", "beta").writeTo(dir);
    TestPluginJar.garbage(dir, "zz-garbage.jar");

    CommandRun run = CommandRun.of("plugins", "--plugins-dir", dir.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo(
            String.join(
                "\n",
                "Plugins directory: " + dir.toAbsolutePath(),
                "ID     VERSION  STATE    TYPES       JAR",
                "alpha  2.0.1    STARTED  alpha,beta  alpha.jar",
                "",
                "Skipped jars (1):",
                "  zz-garbage.jar: is not a readable jar (ZipException: zip END header not found);"
                    + " replace it with a plugin jar or remove it",
                ""));
  }

  @Test
  void aJarWhoseConstructorHangsPastTheLoadTimeoutIsListedAsSkippedAndTheOthersLoad() {
    plugin("a-stuck").serving("stuck").hangingConstructor().writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    CommandRun run =
        CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--plugin-load-timeout", "3s");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("good  1.0.0    STARTED  good   good.jar")
        .contains("Skipped jars (1):")
        .contains(
            "  a-stuck.jar (a-stuck): did not finish the constructor of"
                + " testplugin.a_stuck.Factory0 within 3s, so it is skipped");
  }

  @Test
  void aLoadTimeoutOutOfBoundsIsBadUsage() {
    CommandRun run =
        CommandRun.of("plugins", "--plugins-dir", dir.toString(), "--plugin-load-timeout", "10m");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("pullwarden: --plugin-load-timeout must be between 100ms and 5m, not 10m");
  }

  @Test
  void aMissingDirectoryIsShownAndIsNoError() {
    Path missing = dir.resolve("nothing-here");

    CommandRun run = CommandRun.of("plugins", "--plugins-dir", missing.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo("Plugins directory: " + missing + " (does not exist)\nNo plugins loaded.\n");
  }

  @Test
  void aDuplicateTypeExitsWithOneAndSaysWhy() {
    plugin("vault").serving("vault").writeTo(dir);
    plugin("vault-fork").serving("vault").writeTo(dir);

    CommandRun run = CommandRun.of("plugins", "--plugins-dir", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("pullwarden: credential source type 'vault' is served by two plugins")
        .contains("vault.jar", "vault-fork.jar", "remove one of them")
        .hasLineCount(1);
  }
}
