package io.pullwarden.testenv;

import java.net.URI;

/**
 * A real server speaking the Vault HTTP API, as tests see it: OpenBao run from its binary by
 * default, or HashiCorp Vault in a container when {@code PULLWARDEN_TEST_VAULT=testcontainers}.
 * Tests written against this interface run unchanged on both, which is what keeps the {@code vault}
 * plugin honest about supporting both products.
 */
public interface VaultServer extends AutoCloseable {

  /** The server's base URL, such as {@code http://127.0.0.1:41234}. */
  URI address();

  /** The root token the server was started with. */
  String rootToken();

  /** The single unseal key of the dev server, for tests that seal and unseal it. */
  String unsealKey();

  /** An API client that sends the root token; {@link VaultApi#withToken} switches identity. */
  VaultApi api();

  /**
   * The {@code host:port} under which the server reaches {@code hostPort} on the test machine's
   * loopback interface, for configuring it to call back to another test server (a database, an API
   * server). A process server answers {@code 127.0.0.1:port}; a container needs a tunnel.
   */
  String addressOfHostPort(int hostPort);

  @Override
  void close();
}
