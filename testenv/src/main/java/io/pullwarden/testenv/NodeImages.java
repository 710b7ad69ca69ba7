package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two images a {@link RealNode} needs, built with {@code umoci} (Debian) from files already on
 * this machine, since no public registry can be reached: the sandbox image from the {@code pause}
 * program {@code scripts/install-test-deps} built, and an application image of Debian's static
 * busybox whose container sleeps for an hour.
 */
final class NodeImages {

  private static final Path UMOCI = Path.of("/usr/bin/umoci");
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  /** The sandbox image's user: the conventional nobody of pause images. */
  private static final String PAUSE_USER = "65535:65535";

  private final Path layout;

  private NodeImages(Path layout) {
    this.layout = layout;
  }

  /** Builds both images into an OCI layout in {@code dir}, tagged {@code pause} and {@code app}. */
  static NodeImages build(Path dir) {
    TestDependencies.debianBinary("umoci", UMOCI);
    TestDependencies.debianBinary("busybox-static", BUSYBOX);
    Path pause =
        TestDependencies.requireExecutable(
            "the pause program (testenv/pause)", TestDependencies.cache().resolve("bin/pause"));
    NodeImages images = new NodeImages(dir.resolve("oci"));
    images.umoci("init", "--layout", images.layout.toString());
    images.image(
        "pause",
        dir.resolve("pause-bundle"),
        rootfs -> install(pause, rootfs.resolve("pause")),
        "--config.entrypoint",
        "/pause",
        "--config.user",
        PAUSE_USER);
    images.image(
        "app",
        dir.resolve("app-bundle"),
        rootfs -> {
          install(BUSYBOX, rootfs.resolve("bin/busybox"));
          for (String applet : List.of("sh", "sleep", "ls", "cat", "echo", "id", "wget", "nc")) {
            Files.createSymbolicLink(rootfs.resolve("bin/" + applet), Path.of("busybox"));
          }
          Files.createDirectories(rootfs.resolve("tmp"));
          Files.createDirectories(rootfs.resolve("etc"));
          Files.writeString(
              rootfs.resolve("etc/passwd"),
              "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
        },
        "--config.entrypoint",
        "/bin/sleep",
        "--config.cmd",
        "3600",
        "--config.env",
        "PATH=/bin");
    return images;
  }

  /** The skopeo reference of the sandbox image. */
  String pause() {
    return "oci:" + layout + ":pause";
  }

  /** The skopeo reference of the application image. */
  String app() {
    return "oci:" + layout + ":app";
  }

  private interface RootFs {
    void fill(Path rootfs) throws IOException;
  }

  private void image(String tag, Path bundle, RootFs files, String... config) {
    String image = layout + ":" + tag;
    umoci("new", "--image", image);
    umoci("unpack", "--image", image, bundle.toString());
    try {
      files.fill(bundle.resolve("rootfs"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not lay out the " + tag + " image in " + bundle, e);
    }
    umoci("repack", "--image", image, bundle.toString());
    List<String> arguments = new ArrayList<>(List.of("config", "--image", image));
    arguments.addAll(List.of(config));
    umoci(arguments.toArray(String[]::new));
    TempDirectory.deleteQuietly(bundle);
  }

  private static void install(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
    to.toFile().setExecutable(true, false);
  }

  private void umoci(String... arguments) {
    Command.require(UMOCI, Duration.ofMinutes(2), arguments);
  }
}
