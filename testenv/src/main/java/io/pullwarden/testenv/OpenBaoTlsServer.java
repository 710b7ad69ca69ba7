package io.pullwarden.testenv;

import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * An OpenBao dev server that serves HTTPS with a certificate from its own throwaway CA ({@code bao
 * server -dev-tls}). It exists for the deployment most Vault users have, a server behind a private
 * CA: tests prove a client reaches it by trusting exactly {@link #caCertificate()}, and that the
 * JDK's default trust store is not enough. Always an OpenBao process, whatever {@code
 * PULLWARDEN_TEST_VAULT} says.
 */
public final class OpenBaoTlsServer implements VaultServer {

  private final OpenBaoServer server;
  private final ScratchDirectory certDir;

  private OpenBaoTlsServer(OpenBaoServer server, ScratchDirectory certDir) {
    this.server = server;
    this.certDir = certDir;
  }

  /** Starts the server; returns once it reports healthy over HTTPS. */
  public static OpenBaoTlsServer start() {
    // bao does not create -dev-tls-cert-dir itself.
    ScratchDirectory certDir = ScratchDirectory.create("pullwarden-openbao-tls");
    try {
      return new OpenBaoTlsServer(OpenBaoServer.startTls(certDir.path()), certDir);
    } catch (RuntimeException e) {
      certDir.close();
      throw e;
    }
  }

  /** The PEM file of the CA that signed the server's certificate (valid for 127.0.0.1). */
  public Path caCertificate() {
    return certDir.path().resolve(OpenBaoServer.CA_FILE);
  }

  /** A TLS context trusting only {@link #caCertificate()}. */
  public SSLContext sslContext() {
    return CaTrust.trustingOnly(caCertificate());
  }

  /** The {@code https://127.0.0.1:port} URL. */
  @Override
  public URI address() {
    return server.address();
  }

  @Override
  public String rootToken() {
    return server.rootToken();
  }

  @Override
  public String unsealKey() {
    return server.unsealKey();
  }

  @Override
  public VaultApi api() {
    return server.api();
  }

  @Override
  public String addressOfHostPort(int hostPort) {
    return server.addressOfHostPort(hostPort);
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      certDir.close();
    }
  }
}
