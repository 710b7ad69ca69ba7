package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code pullwarden check-ready} as the chart's {@code helm test} pod runs it, against a real HTTP
 * server standing in for a replica's /readyz and a hand-written list of replicas.
 */
class CheckReadyCommandTest {

  private final AtomicInteger readyzStatus = new AtomicInteger(200);
  private HttpServer replica;

  @BeforeEach
  void startReplica() throws IOException {
    replica = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    replica.createContext(
        "/readyz",
        exchange -> {
          exchange.sendResponseHeaders(readyzStatus.get(), -1);
          exchange.close();
        });
    replica.start();
  }

  @AfterEach
  void stopReplica() {
    replica.stop(0);
  }

  @Test
  void everyReplicaAnswering200IsReadyAndExitsZero() {
    CommandRun run = checkReady(List.of(new AgentReplicas.Replica("pw-a", "127.0.0.1")));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("pw-a 127.0.0.1: ready (200)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aReplicaAnswering503FailsTheCheck() {
    readyzStatus.set(503);

    CommandRun run = checkReady(List.of(new AgentReplicas.Replica("pw-a", "127.0.0.1")));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("pw-a 127.0.0.1: not ready (503)\n");
    assertThat(run.err()).isEqualTo("pullwarden: 1 of 1 replicas not ready\n");
  }

  @Test
  void oneReplicaThatCannotBeAskedFailsTheCheckThoughAnotherIsReady() {
    CommandRun run =
        checkReady(
            List.of(
                new AgentReplicas.Replica("pw-a", "127.0.0.1"),
                new AgentReplicas.Replica("pw-b", null),
                // Nothing listens on this loopback address.
                new AgentReplicas.Replica("pw-c", "127.0.0.7")));

    assertThat(run.exitCode()).isEqualTo(1);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("pw-a 127.0.0.1: ready (200)");
    assertThat(lines.get(1)).isEqualTo("pw-b null: no pod address yet");
    assertThat(lines.get(2)).startsWith("pw-c 127.0.0.7: unreachable (");
    assertThat(run.err()).isEqualTo("pullwarden: 2 of 3 replicas not ready\n");
  }

  @Test
  void noReplicaAtAllFailsTheCheckAndSaysWhatWasLookedFor() {
    CommandRun run = checkReady(List.of());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "pullwarden: no pod in namespace pullwarden matches app.kubernetes.io/instance=pw\n");
  }

  @Test
  void aTimeoutOutsideItsBoundsIsAUsageError() {
    CommandRun run =
        CommandRun.with(
            factory(List.of()),
            "check-ready",
            "--namespace=pullwarden",
            "--selector=app.kubernetes.io/instance=pw",
            "--timeout=5m");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--timeout must be between 100ms and 1m, not 5m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"@169.254.169.254/latest", "//evil.example/readyz", "readyz", "/a?b"})
  void aPathThatIsNotAPathOnTheReplicaIsAUsageError(String path) {
    CommandRun run =
        CommandRun.with(
            factory(List.of()),
            "check-ready",
            "--namespace=pullwarden",
            "--selector=app.kubernetes.io/instance=pw",
            "--path=" + path);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--path must be an absolute path");
  }

  private CommandRun checkReady(List<AgentReplicas.Replica> replicas) {
    return CommandRun.with(
        factory(replicas),
        "check-ready",
        "--namespace=pullwarden",
        "--selector=app.kubernetes.io/instance=pw",
        "--port=" + replica.getAddress().getPort(),
        "--timeout=2s");
  }

  /** Subcommands as picocli makes them, except 'check-ready', which lists {@code replicas}. */
  private static CommandLine.IFactory factory(List<AgentReplicas.Replica> replicas) {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == CheckReadyCommand.class
            ? type.cast(
                new CheckReadyCommand(
                    (namespace, selector) -> {
                      assertThat(namespace).isEqualTo("pullwarden");
                      assertThat(selector).isEqualTo("app.kubernetes.io/instance=pw");
                      return replicas;
                    }))
            : CommandLine.defaultFactory().create(type);
      }
    };
  }
}
