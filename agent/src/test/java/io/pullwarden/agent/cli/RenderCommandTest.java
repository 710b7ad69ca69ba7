package io.pullwarden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {

  @TempDir Path dir;

  private final List<RenderOptions> renders = new ArrayList<>();
  private final ByteArrayOutputStream rendered = new ByteArrayOutputStream();

  private final CommandLine.IFactory withRenderer =
      renderCommandWith(
          Optional.of(
              (options, out) -> {
                renders.add(options);
                out.println("kind: Secret");
                return 0;
              }));

  /** Subcommands as picocli makes them, except 'render', which gets {@code renderer}. */
  private CommandLine.IFactory renderCommandWith(Optional<SecretRenderer> renderer) {
    PrintStream out = new PrintStream(rendered, true, StandardCharsets.UTF_8);
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == RenderCommand.class
            ? type.cast(new RenderCommand(() -> renderer, out))
            : CommandLine.defaultFactory().create(type);
      }
    };
  }

  @AfterEach
  void quietLogging() {
    LogFormat.CONSOLE.apply(LogLevelOption.Level.WARN);
  }

  @Test
  void withoutASecretRendererItSaysSoAndExitsWithTwo() throws Exception {
    Path file = Files.writeString(dir.resolve("sync.yaml"), "kind: PullSecretSync\n");

    CommandRun run =
        CommandRun.with(renderCommandWith(Optional.empty()), "render", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'render' is not available in this build").hasLineCount(1);
  }

  @Test
  void theFileIsRequired() {
    CommandRun run = CommandRun.with(withRenderer, "render");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "pullwarden: Missing required option: '--file=FILE' (see 'pullwarden render"
                + " --help')\n");
  }

  @Test
  void aMissingFileIsBadUsage() {
    CommandRun run =
        CommandRun.with(withRenderer, "render", "-f", dir.resolve("nope.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("pullwarden: no such file: ");
    assertThat(renders).isEmpty();
  }

  @Test
  void handsTheFileToTheRendererAndItsOutputToStdout() throws Exception {
    Path file = Files.writeString(dir.resolve("sync.yaml"), "kind: PullSecretSync\n");

    CommandRun run =
        CommandRun.with(withRenderer, "render", "--file", file.toString(), "--plugins-dir", "/p");

    assertThat(run.exitCode()).isZero();
    assertThat(renders)
        .containsExactly(new RenderOptions(file, Path.of("/p"), Duration.ofSeconds(10)));
    assertThat(rendered.toString(StandardCharsets.UTF_8)).isEqualTo("kind: Secret\n");
  }
}
