package io.pullwarden.agent.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pullwarden render -f FILE}: shows the Secret a PullSecretSync would write, without a
 * cluster, by handing the file to the {@link SecretRenderer}.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Fetches the credentials and prints the Secret YAML the syncs in FILE would write.")
final class RenderCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      required = true,
      description = "YAML file with CredentialSource and PullSecretSync manifests.")
  private Path file;

  @Mixin private PluginsDirOption pluginsDir;

  @Mixin private LogLevelOption logLevel;

  @Spec private CommandSpec spec;

  // Interim: until the core engineer registers a SecretRenderer (same release), this build has
  // none and 'render' reports that it is not available, with exit code 2. Nothing is pretended.
  // Looked up only when 'render' executes: picocli creates every subcommand for every invocation.
  private final Supplier<Optional<SecretRenderer>> renderers;
  private final PrintStream out;

  RenderCommand() {
    this(() -> Implementation.of(SecretRenderer.class), System.out);
  }

  RenderCommand(Supplier<Optional<SecretRenderer>> renderers, PrintStream out) {
    this.renderers = renderers;
    this.out = out;
  }

  @Override
  public Integer call() {
    Optional<SecretRenderer> renderer = renderers.get();
    if (renderer.isEmpty()) {
      return Implementation.unavailable(
          spec.commandLine().getErr(), "render", SecretRenderer.class);
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "no such file: " + file);
    }
    LogFormat.CONSOLE.apply(logLevel.or(LogLevelOption.Level.WARN));
    int exitCode =
        renderer
            .get()
            .render(new RenderOptions(file, pluginsDir.directory(), pluginsDir.loadLimit()), out);
    out.flush();
    return exitCode;
  }
}
