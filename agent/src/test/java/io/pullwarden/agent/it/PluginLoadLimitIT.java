package io.pullwarden.agent.it;

import static io.pullwarden.agent.plugins.TestPluginJar.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launched distribution with a plugin jar whose extension constructor never returns, first in
 * the plugins directory: {@code pullwarden plugins} names it and exits, and {@code run} names it in
 * its log, loads the shipped plugins after it, serves {@code /healthz} and stops on SIGTERM.
 */
@ExtendWith(OwnApiServer.class)
class PluginLoadLimitIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Shorter than the default 10 s, which {@code RunCommandTest} checks, to keep the test short. */
  private static final String LOAD_TIMEOUT = "5s";

  @Test
  void aJarThatHangsWhileLoadingIsSkippedAndTheAgentRuns(
      KubernetesServer server, @TempDir Path work) throws Exception {
    Distribution distribution = Distribution.unpack(work);
    Path plugins = distribution.home().resolve("plugins");
    plugin("a-stuck").serving("stuck").hangingConstructor().writeTo(plugins);

    ProcessBuilder pluginsCommand =
        new ProcessBuilder(
                distribution.home().resolve("bin/pullwarden").toString(),
                "plugins",
                "--plugin-load-timeout=" + LOAD_TIMEOUT)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("plugins.txt").toFile());
    pluginsCommand.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pluginsCommand.environment().remove("PULLWARDEN_PLUGINS_DIR");
    Process listing = pluginsCommand.start();
    assertThat(listing.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .as("'pullwarden plugins' returns though a plugin's thread hangs")
        .isTrue();
    assertThat(listing.exitValue()).isZero();
    assertThat(Files.readString(work.resolve("plugins.txt"), StandardCharsets.UTF_8))
        .contains("Skipped jars (1):")
        .contains(
            "a-stuck.jar (a-stuck): did not finish the constructor of testplugin.a_stuck.Factory0"
                + " within "
                + LOAD_TIMEOUT
                + ", so it is skipped")
        .containsPattern("kubernetes-secret +\\S+ +STARTED +kubernetes-secret");

    int port = FreePort.next();
    Path log = work.resolve("agent.log");
    try (KubernetesClient client = server.newClient()) {
      RunningAgent.prepare(client);
      Process agent =
          distribution.run(
              server,
              port,
              log,
              Map.of(),
              "--no-leader-election",
              "--plugin-load-timeout=" + LOAD_TIMEOUT);
      try {
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(Distribution.status(port, "/healthz")).isEqualTo(200));
        assertThat(Distribution.status(port, "/readyz")).isEqualTo(200);
      } finally {
        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
      }
    }
    List<String> logged = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(logged)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("Skipping plugin jar")
                    .contains("a-stuck.jar (a-stuck): it did not finish the constructor"))
        .anySatisfy(line -> assertThat(line).contains("Loaded 3 plugin(s)"));
  }
}
