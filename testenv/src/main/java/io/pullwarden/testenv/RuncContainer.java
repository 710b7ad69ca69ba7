package io.pullwarden.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A container image run the way the chart's pod runs it, with no container engine: the OCI archive
 * is copied into an OCI layout ({@code skopeo}), unpacked into a runtime bundle ({@code umoci}) and
 * each command runs under {@code runc} as uid and gid 65532, with a read-only root filesystem, a
 * tmpfs on {@code /tmp}, no capabilities and {@code noNewPrivileges}. All three tools are Debian
 * packages; a missing one fails the test with the install command. Unpack once, run many commands,
 * close to delete the bundle.
 */
public final class RuncContainer implements AutoCloseable {

  /** The user the chart's pod security context runs the agent as. */
  public static final int USER = 65532;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final ScratchDirectory scratch;
  private final Path bundle;
  private final JsonNode imageConfig;
  private final String manifestDigest;

  /**
   * How one command in the container ended.
   *
   * @param exitCode the process's exit code (runc passes it through)
   * @param output standard output and error, interleaved
   */
  public record Result(int exitCode, String output) {}

  private RuncContainer(
      ScratchDirectory scratch, Path bundle, JsonNode imageConfig, String manifestDigest) {
    this.scratch = scratch;
    this.bundle = bundle;
    this.imageConfig = imageConfig;
    this.manifestDigest = manifestDigest;
  }

  /** Unpacks the single image in {@code ociArchive} (an OCI image layout as a tar). */
  public static RuncContainer unpack(Path ociArchive) {
    Path skopeo = TestDependencies.debianBinary("skopeo", Path.of("/usr/bin/skopeo"));
    Path umoci = TestDependencies.debianBinary("umoci", Path.of("/usr/bin/umoci"));
    TestDependencies.debianBinary("runc", runc());
    if (!Files.isRegularFile(ociArchive)) {
      throw new IllegalStateException(
          "no image at "
              + ociArchive
              + ": build it with scripts/image (or ./mvnw verify, which builds it before the tests)");
    }
    ScratchDirectory scratch = ScratchDirectory.create("pullwarden-runc");
    try {
      Path layout = scratch.path().resolve("layout");
      Path bundle = scratch.path().resolve("bundle");
      check(
          Command.run(
              List.of(
                  skopeo.toString(),
                  "copy",
                  "-q",
                  "oci-archive:" + ociArchive,
                  "oci:" + layout + ":image"),
              Map.of(),
              TIMEOUT),
          "skopeo copy of " + ociArchive);
      check(
          Command.run(
              List.of(umoci.toString(), "unpack", "--image", layout + ":image", bundle.toString()),
              Map.of(),
              TIMEOUT),
          "umoci unpack");
      JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
      JsonNode manifest = index.path("manifests").get(0);
      JsonNode config =
          JSON.readTree(
              blob(layout, JSON.readTree(blob(layout, manifest).toFile()).path("config")).toFile());
      return new RuncContainer(scratch, bundle, config, manifest.path("digest").asText());
    } catch (IOException e) {
      scratch.close();
      throw new UncheckedIOException("could not read the image in " + ociArchive, e);
    } catch (RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  /** The manifest digest, {@code sha256:…}: what a registry reports for the pushed image. */
  public String manifestDigest() {
    return manifestDigest;
  }

  /** The image's own config ({@code Entrypoint}, {@code Cmd}, {@code Env}, {@code User}, …). */
  public JsonNode imageConfig() {
    return imageConfig.path("config");
  }

  /** A file of the unpacked root filesystem, for example {@code /opt/pullwarden/sbom}. */
  public Path file(String absolutePath) {
    return bundle.resolve("rootfs").resolve(absolutePath.replaceFirst("^/+", ""));
  }

  /** Runs the image's entry point with {@code args} in place of its default command. */
  public Result run(Map<String, String> env, String... args) {
    List<String> argv = new ArrayList<>();
    imageConfig().path("Entrypoint").forEach(a -> argv.add(a.asText()));
    argv.addAll(List.of(args));
    return exec(env, argv);
  }

  /** Runs {@code argv} as the whole command line, as a pod's {@code command} replaces it. */
  public Result exec(Map<String, String> env, List<String> argv) {
    String id = "pullwarden-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      writeRuntimeConfig(env, argv);
      return toResult(runc(TIMEOUT, "run", "--bundle", bundle.toString(), id));
    } finally {
      runc(Duration.ofSeconds(30), "delete", "--force", id);
    }
  }

  /** runc with this container's own state directory, so no other runc user sees its containers. */
  private Command.Result runc(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(runc().toString());
    command.add("--root");
    command.add(scratch.path().resolve("runc-state").toString());
    command.addAll(List.of(args));
    return Command.run(command, Map.of(), timeout);
  }

  @Override
  public void close() {
    scratch.close();
  }

  /** The chart's security context, applied to the config umoci wrote. */
  private void writeRuntimeConfig(Map<String, String> env, List<String> argv) {
    Path path = bundle.resolve("config.json");
    try {
      ObjectNode config = (ObjectNode) JSON.readTree(path.toFile());
      ObjectNode process = (ObjectNode) config.get("process");
      process.put("terminal", false);
      process.putObject("user").put("uid", USER).put("gid", USER);
      process.put("noNewPrivileges", true);
      ObjectNode capabilities = process.putObject("capabilities");
      for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
        capabilities.putArray(set);
      }
      ArrayNode args = process.putArray("args");
      argv.forEach(args::add);
      ArrayNode environment = process.putArray("env");
      imageConfig()
          .path("Env")
          .forEach(
              entry -> {
                String name = entry.asText().substring(0, entry.asText().indexOf('='));
                if (!env.containsKey(name)) {
                  environment.add(entry.asText());
                }
              });
      env.forEach((name, value) -> environment.add(name + "=" + value));
      ((ObjectNode) config.get("root")).put("readonly", true);
      ArrayNode mounts = (ArrayNode) config.get("mounts");
      for (int i = mounts.size() - 1; i >= 0; i--) {
        if ("/tmp".equals(mounts.get(i).path("destination").asText())) {
          mounts.remove(i);
        }
      }
      ObjectNode tmp = mounts.addObject();
      tmp.put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs");
      tmp.putArray("options").add("nosuid").add("nodev").add("mode=1777").add("size=64m");
      JSON.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), config);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the runtime config " + path, e);
    }
  }

  private static Path blob(Path layout, JsonNode descriptor) {
    String[] digest = descriptor.path("digest").asText().split(":", 2);
    return layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
  }

  private static Path runc() {
    Path sbin = Path.of("/usr/sbin/runc");
    return Files.isExecutable(sbin) ? sbin : Path.of("/usr/bin/runc");
  }

  private static void check(Command.Result result, String what) {
    if (!result.succeeded()) {
      throw new IllegalStateException(
          what + " failed (exit " + result.exitCode() + "): " + result.output());
    }
  }

  private static Result toResult(Command.Result result) {
    return new Result(result.exitCode(), result.output());
  }
}
