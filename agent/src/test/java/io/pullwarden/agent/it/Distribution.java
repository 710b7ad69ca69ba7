package io.pullwarden.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The distribution archive the build made ({@code pullwarden-<v>.tar.gz}, named by Failsafe's
 * system properties), unpacked with tar as a user or the container image's build would.
 */
final class Distribution {

  private Distribution() {}

  /** Unpacks the archive into {@code into}; returns {@code pullwarden-<v>/}. */
  static Path unpack(Path into) throws IOException {
    Files.createDirectories(into);
    String archive = System.getProperty("pullwarden.dist.archive");
    HelmChart.Run tar = HelmChart.run(List.of("tar", "-xzf", archive, "-C", into.toString()), "");
    if (!tar.succeeded()) {
      throw new AssertionError("could not unpack " + archive + ": " + tar);
    }
    return into.resolve("pullwarden-" + System.getProperty("pullwarden.version"));
  }
}
