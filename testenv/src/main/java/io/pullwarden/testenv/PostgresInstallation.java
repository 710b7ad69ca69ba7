package io.pullwarden.testenv;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the Debian PostgreSQL binaries are ({@code /usr/lib/postgresql/<major>/bin}, newest major)
 * and which operating-system user runs the server tools. PostgreSQL refuses to run as root, so when
 * the tests run as root (as in CI) the server tools run through {@code runuser -u postgres} and the
 * files they use are handed to that user, whom the Debian package creates.
 */
final class PostgresInstallation {

  private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
  private static final String OS_USER = "postgres";

  private final Path binDir;
  private final boolean root;
  private final List<String> runAs;

  private PostgresInstallation(Path binDir, boolean root, List<String> runAs) {
    this.binDir = binDir;
    this.root = root;
    this.runAs = runAs;
  }

  /** Finds the binaries; fails with the install command if one is missing. */
  static PostgresInstallation find() {
    Path binDir = newestBinDir();
    for (String tool : List.of("initdb", "postgres", "pg_ctl", "psql")) {
      TestDependencies.debianBinary("postgresql", binDir.resolve(tool));
    }
    boolean root = isRoot();
    List<String> runAs =
        root
            ? List.of(
                TestDependencies.debianBinary("util-linux", Path.of("/usr/sbin/runuser"))
                    .toString(),
                "-u",
                OS_USER,
                "--")
            : List.of();
    return new PostgresInstallation(binDir, root, runAs);
  }

  /** A server tool (initdb, postgres, pg_ctl) with its arguments, run as a non-root user. */
  List<String> serverCommand(String tool, String... arguments) {
    List<String> command = new ArrayList<>(runAs);
    command.add(binDir.resolve(tool).toString());
    command.addAll(List.of(arguments));
    return command;
  }

  /** A client tool such as psql, which runs as whoever runs the tests. */
  Path client(String tool) {
    return binDir.resolve(tool);
  }

  /** Makes {@code directory} and everything in it belong to the server's user, if that differs. */
  void handOver(Path directory) throws IOException {
    if (!root) {
      return;
    }
    UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.toList()) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(OS_USER));
        view.setGroup(users.lookupPrincipalByGroupName(OS_USER));
      }
    }
  }

  private static Path newestBinDir() {
    try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
      return versions
          .filter(version -> version.getFileName().toString().matches("\\d+"))
          .max(
              Comparator.comparingInt(
                  version -> Integer.parseInt(version.getFileName().toString())))
          .orElse(INSTALL_ROOT.resolve("<major>"))
          .resolve("bin");
    } catch (IOException e) {
      return INSTALL_ROOT.resolve("<major>/bin");
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
