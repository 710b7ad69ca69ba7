package io.pullwarden.testenv;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs {@code skopeo} (Debian package) as the registry client of the tests: it pushes a tiny
 * generated image to a {@link RegistryServer} and inspects images the way a kubelet would pull
 * them, with a username and password or with a {@code .dockerconfigjson} used as {@code
 * --authfile}. Credentials always travel in a private auth file, never on the command line (where
 * any local user could read them), and the auth file is always explicit, so the caller's own {@code
 * ~/.docker/config.json} can never make a test pass.
 */
public final class Skopeo {

  private static final Path SKOPEO = Path.of("/usr/bin/skopeo");

  private Skopeo() {}

  /**
   * What one skopeo run returned. {@code output} is standard output and error together; skopeo
   * never echoes credentials, so it is safe to show in an assertion message.
   *
   * @param exitCode 0 on success
   * @param output what skopeo printed
   */
  public record Result(int exitCode, String output) {
    /** True when skopeo exited with 0. */
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /**
   * An image now stored in a registry.
   *
   * @param reference {@code host/repository:tag}, as {@link #inspect} takes it
   * @param digest the manifest digest the registry serves for it, {@code sha256:…}
   */
  public record PushedImage(String reference, String digest) {}

  /**
   * Writes a tiny OCI image (one layer, one file; nothing is downloaded) and pushes it to {@code
   * registry} as {@code repository:tag} with {@code user}'s credentials; fails if the push fails.
   */
  public static PushedImage copyTestImage(
      RegistryServer registry, String repository, String tag, String user, String password) {
    Path layout = TempDirectory.create("pullwarden-oci");
    try {
      OciTestImage image = OciTestImage.write(layout, tag);
      String reference = copy(image.reference(), registry, repository + ":" + tag, user, password);
      return new PushedImage(reference, image.manifestDigest());
    } finally {
      TempDirectory.deleteQuietly(layout);
    }
  }

  /**
   * Copies the image {@code source} (a skopeo reference such as {@code oci:<layout>:<tag>}) to
   * {@code registry} as {@code repositoryAndTag}, logged in as {@code user}; returns the pushed
   * reference ({@code host/repository:tag}) or fails.
   */
  public static String copy(
      String source,
      RegistryServer registry,
      String repositoryAndTag,
      String user,
      String password) {
    String reference = registry.host() + "/" + repositoryAndTag;
    Result result =
        withCredentials(
            registry.host(),
            user,
            password,
            authfile ->
                run(
                    "copy",
                    "--authfile",
                    authfile.toString(),
                    "--dest-tls-verify=false",
                    source,
                    "docker://" + reference));
    if (!result.succeeded()) {
      throw new IllegalStateException("skopeo copy to " + registry.host() + " failed: " + result);
    }
    return reference;
  }

  /** {@code skopeo inspect docker://<image>} as {@code user}; {@code image} is host/repo:tag. */
  public static Result inspect(String image, String user, String password) {
    String host = image.substring(0, image.indexOf('/'));
    return withCredentials(host, user, password, authfile -> inspect(image, authfile));
  }

  /**
   * {@code skopeo inspect docker://<image>} with {@code authfile} as the only credential source,
   * for example the {@code .dockerconfigjson} of a Secret Pullwarden wrote.
   */
  public static Result inspect(String image, Path authfile) {
    return run(
        "inspect", "--authfile", authfile.toString(), "--tls-verify=false", "docker://" + image);
  }

  /** The {@code .dockerconfigjson} form skopeo, Docker and the kubelet read. */
  static String dockerConfigJson(String host, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}";
  }

  private static Result withCredentials(
      String host, String user, String password, Function<Path, Result> use) {
    Path authfile = null;
    try {
      authfile =
          Files.createTempFile(
              "pullwarden-auth",
              ".json",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(authfile, dockerConfigJson(host, user, password));
      return use.apply(authfile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a temporary skopeo auth file", e);
    } finally {
      deleteQuietly(authfile);
    }
  }

  private static Result run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(TestDependencies.debianBinary("skopeo", SKOPEO).toString());
    command.addAll(List.of(arguments));
    Path output = null;
    try {
      // to a file, not a pipe, so that the timeout below holds even if skopeo hangs
      output = Files.createTempFile("pullwarden-skopeo", ".out");
      Process skopeo =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!skopeo.waitFor(2, TimeUnit.MINUTES)) {
        skopeo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("skopeo " + arguments[0] + " did not finish in 2 minutes");
      }
      return new Result(skopeo.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run skopeo", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      deleteQuietly(output);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // best effort: a failed clean-up must not hide what skopeo answered
      }
    }
  }
}
