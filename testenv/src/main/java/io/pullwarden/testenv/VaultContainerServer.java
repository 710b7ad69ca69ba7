package io.pullwarden.testenv;

import java.net.URI;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.vault.VaultContainer;

/**
 * HashiCorp Vault itself, in a dev-mode container, for contributors with a Docker engine who want
 * the tests run against Vault rather than OpenBao. Selected by {@code
 * PULLWARDEN_TEST_VAULT=testcontainers}; never used otherwise, and not exercised on machines
 * without Docker.
 */
final class VaultContainerServer implements VaultServer {

  static final String IMAGE = "hashicorp/vault:1.20";

  private final VaultContainer<?> container;
  private final URI address;
  private final String rootToken;
  private final VaultApi api;

  private VaultContainerServer(VaultContainer<?> container, String rootToken) {
    this.container = container;
    this.address = URI.create(container.getHttpHostAddress());
    this.rootToken = rootToken;
    this.api = VaultApi.plainHttp(address, rootToken);
  }

  static VaultContainerServer start() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          VaultExtension.BACKEND_VARIABLE
              + "=testcontainers asks for HashiCorp Vault in a container, but no Docker engine is"
              + " reachable. Start Docker (or point DOCKER_HOST at one), or unset "
              + VaultExtension.BACKEND_VARIABLE
              + " to use the OpenBao binary that "
              + TestDependencies.INSTALL_COMMAND
              + " installs.");
    }
    String rootToken = "root-" + UUID.randomUUID();
    VaultContainer<?> container =
        new VaultContainer<>(DockerImageName.parse(IMAGE))
            .withVaultToken(rootToken)
            .withAccessToHost(true);
    container.start();
    return new VaultContainerServer(container, rootToken);
  }

  @Override
  public URI address() {
    return address;
  }

  @Override
  public String rootToken() {
    return rootToken;
  }

  @Override
  public String unsealKey() {
    return OpenBaoServer.unsealKeyIn(container.getLogs())
        .orElseThrow(() -> new IllegalStateException("the Vault container printed no unseal key"));
  }

  @Override
  public VaultApi api() {
    return api;
  }

  /** Opens a tunnel from the container to {@code hostPort} (which must be listening already). */
  @Override
  public String addressOfHostPort(int hostPort) {
    Testcontainers.exposeHostPorts(hostPort);
    return GenericContainer.INTERNAL_HOST_HOSTNAME + ":" + hostPort;
  }

  @Override
  public void close() {
    container.stop();
  }
}
