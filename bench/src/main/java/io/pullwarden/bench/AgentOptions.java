package io.pullwarden.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every benchmark scenario is told about the agent it launches: which distribution archive,
 * which CRDs the cluster gets (an older agent may need its own), the JVM settings (the Helm
 * chart's, {@link ChartJvm}, unless {@code --agent-java-opts} replaces them) and where the run's
 * files go. Each scenario parses its own options around these, so that {@code --agent-archive}
 * means the same thing to all of them.
 */
record AgentOptions(Path agentArchive, Path crds, Path workDir, String javaOpts) {

  static final String USAGE =
      "[--agent-archive FILE] [--crds DIR] [--work-dir DIR]\n"
          + "       [--chart-values FILE | --agent-java-opts \"OPTS\"]";

  /** The options of one command line: the agent's, and the scenario's own by name. */
  record Parsed(AgentOptions agent, Map<String, String> own) {

    /** The scenario's option {@code name} as a whole number, or {@code fallback} when not given. */
    int count(String name, int fallback) {
      String value = own.get(name);
      try {
        return value == null ? fallback : Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " takes a whole number, not " + value, e);
      }
    }
  }

  /**
   * Parses {@code args}: the options above here, and the scenario's own named in {@code own}, whose
   * values it returns as given. Every option takes a value. {@code usage} is the scenario's usage
   * line, shown with any error.
   */
  static Parsed parse(String[] args, Set<String> own, String usage, Path defaultWorkDir) {
    Path archive = Path.of("bench/target/pullwarden-agent-dist.tar.gz");
    Path crds = Path.of("chart/pullwarden/files/crds");
    Path workDir = defaultWorkDir;
    Path chartValues = Path.of("chart/pullwarden/values.yaml");
    String javaOpts = null;
    Map<String, String> scenario = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value\n" + usage);
      }
      String value = args[i + 1];
      switch (option) {
        case "--agent-archive" -> archive = Path.of(value);
        case "--crds" -> crds = Path.of(value);
        case "--work-dir" -> workDir = Path.of(value);
        case "--chart-values" -> chartValues = Path.of(value);
        case "--agent-java-opts" -> javaOpts = value;
        default -> {
          if (!own.contains(option)) {
            throw new IllegalArgumentException("unknown option " + option + "\n" + usage);
          }
          scenario.put(option, value);
        }
      }
    }
    return new Parsed(
        new AgentOptions(
            archive, crds, workDir, javaOpts != null ? javaOpts : ChartJvm.javaOpts(chartValues)),
        scenario);
  }
}
