package io.pullwarden.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * What one many-syncs run does. The defaults are issue 13's: 3,600 namespaces and 500
 * PullSecretSyncs, each sync selecting its own team's namespaces (namespace i belongs to team i mod
 * syncs) and attaching to their {@code default} ServiceAccounts; then three new namespaces, one at
 * a time, each counted on its own. Smaller values are for development only. The agent and its JVM
 * are {@link AgentOptions}.
 */
record ManySyncsOptions(int namespaces, int syncs, int newNamespaces, AgentOptions agent) {

  static final String USAGE =
      "usage: bench --scenario many-syncs [--namespaces 3600] [--syncs 500]"
          + " [--new-namespaces 3]\n       "
          + AgentOptions.USAGE;

  static ManySyncsOptions parse(String... args) {
    AgentOptions.Parsed parsed =
        AgentOptions.parse(
            args,
            Set.of("--namespaces", "--syncs", "--new-namespaces"),
            USAGE,
            Path.of("bench/target/many-syncs-run"));
    ManySyncsOptions options =
        new ManySyncsOptions(
            parsed.count("--namespaces", 3600),
            parsed.count("--syncs", 500),
            parsed.count("--new-namespaces", 3),
            parsed.agent());
    if (options.syncs() < 1 || options.namespaces() < options.syncs()) {
      throw new IllegalArgumentException(
          "--syncs must be at least 1 and --namespaces at least --syncs, so that every sync"
              + " selects a namespace\n"
              + USAGE);
    }
    if (options.newNamespaces() < 1) {
      throw new IllegalArgumentException("--new-namespaces must be at least 1\n" + USAGE);
    }
    return options;
  }
}
