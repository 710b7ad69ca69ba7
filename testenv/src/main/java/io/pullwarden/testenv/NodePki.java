package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * The certificates of a {@link RealNode}, made with {@code openssl} (Debian): one CA that signs the
 * API server's serving certificate, the admin's and the node's client certificates, the kubelet's
 * serving certificate, the API server's client certificates for the kubelet and for etcd, and
 * etcd's own, plus the key pair ServiceAccount tokens are signed with; or, from {@link #serving}, a
 * CA and one serving certificate for a host name, as a TLS registry needs. Valid for two days: a
 * test run never needs more.
 */
final class NodePki {

  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final String SERVER = "extendedKeyUsage=serverAuth\n";
  private static final String CLIENT = "extendedKeyUsage=clientAuth\n";

  private final Path dir;

  private NodePki(Path dir) {
    this.dir = dir;
  }

  /** Creates every certificate and key in {@code dir} for the node named {@code nodeName}. */
  static NodePki create(Path dir, String nodeName) {
    TestDependencies.debianBinary("openssl", OPENSSL);
    NodePki pki = new NodePki(dir);
    try {
      pki.authority("pullwarden-test-node-ca");
      pki.sign(
          "apiserver",
          "/CN=kube-apiserver",
          SERVER
              + "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,"
              + "DNS:kubernetes.default.svc\n");
      pki.sign("admin", "/O=system:masters/CN=pullwarden-test-admin", CLIENT);
      pki.sign("node", "/O=system:nodes/CN=system:node:" + nodeName, CLIENT);
      pki.sign(
          "kubelet-serving",
          "/CN=" + nodeName,
          SERVER + "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:" + nodeName + "\n");
      pki.sign("apiserver-kubelet-client", "/O=system:masters/CN=kube-apiserver-kubelet", CLIENT);
      // etcd takes only clients with a certificate of this CA: no local user reaches its data.
      pki.sign(
          "etcd",
          "/CN=etcd",
          "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
      pki.sign("apiserver-etcd-client", "/CN=kube-apiserver-etcd-client", CLIENT);
      pki.openssl("genrsa", "-out", pki.key("sa"), "2048");
      pki.openssl("rsa", "-in", pki.key("sa"), "-pubout", "-out", pki.path("sa.pub").toString());
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the test node's certificates to " + dir, e);
    }
  }

  /**
   * A CA of its own and one serving certificate, {@code server}, for the DNS name {@code hostName}
   * and the IP {@code address}: what a server reached by a name that only the test maps to a
   * loopback address presents.
   */
  static NodePki serving(Path dir, String hostName, String address) {
    TestDependencies.debianBinary("openssl", OPENSSL);
    NodePki pki = new NodePki(dir);
    try {
      pki.authority("pullwarden-test-ca-" + hostName);
      pki.sign(
          "server",
          "/CN=" + hostName,
          SERVER + "subjectAltName=DNS:" + hostName + ",IP:" + address + "\n");
      return pki;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the certificates for " + hostName, e);
    }
  }

  /** {@code <dir>/<name>.crt}. */
  Path certificate(String name) {
    return path(name + ".crt");
  }

  /** {@code <dir>/<name>.key}. */
  Path privateKey(String name) {
    return path(name + ".key");
  }

  /** The public key that verifies ServiceAccount tokens. */
  Path serviceAccountPublicKey() {
    return path("sa.pub");
  }

  /**
   * A kubeconfig for {@code https://127.0.0.1:<apiServerPort>} that authenticates with the client
   * certificate {@code name}, everything embedded.
   */
  String kubeconfig(int apiServerPort, String name) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: node
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: node
          context: {cluster: node, user: %s}
        current-context: node
        """
        .formatted(
            apiServerPort,
            base64(certificate("ca")),
            name,
            base64(certificate(name)),
            base64(privateKey(name)),
            name);
  }

  /** The self-signed CA, {@code ca}, valid for two days. */
  private void authority(String commonName) throws IOException {
    Files.createDirectories(dir);
    openssl(
        "req",
        "-x509",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + commonName,
        "-keyout",
        key("ca"),
        "-out",
        cert("ca"));
  }

  private void sign(String name, String subject, String extensions) throws IOException {
    Path extensionFile = Files.writeString(path(name + ".ext"), extensions);
    Path request = path(name + ".csr");
    openssl(
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        subject,
        "-keyout",
        key(name),
        "-out",
        request.toString());
    openssl(
        "x509",
        "-req",
        "-in",
        request.toString(),
        "-CA",
        cert("ca"),
        "-CAkey",
        key("ca"),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        extensionFile.toString(),
        "-out",
        cert(name));
  }

  private void openssl(String... arguments) {
    Command.require(OPENSSL, Duration.ofMinutes(1), arguments);
  }

  private String cert(String name) {
    return certificate(name).toString();
  }

  private String key(String name) {
    return privateKey(name).toString();
  }

  private Path path(String file) {
    return dir.resolve(file);
  }

  private static String base64(Path file) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
