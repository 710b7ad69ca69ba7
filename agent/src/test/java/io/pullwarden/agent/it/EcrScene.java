package io.pullwarden.agent.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.testenv.AgentDistribution;
import io.pullwarden.testenv.CaTrust;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.HostsFile;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoServer;
import io.pullwarden.testenv.RegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Where ECR tokens meet real registries: moto issues tokens whose {@code proxyEndpoint} is {@code
 * https://<account>.dkr.ecr.us-east-1.amazonaws.com}, Debian registries serve such names with TLS
 * on port 443 of loopback addresses, and the agent, launched as its distribution, reaches them by
 * name. Its {@code JAVA_OPTS} carry a hosts file ({@code -Djdk.net.hosts.file}) that maps the names
 * and a trust store ({@code -Djavax.net.ssl.trustStore}) that holds the CAs of the registries it
 * should trust, which is how a user would give the JVM a private CA. The accounts:
 *
 * <ul>
 *   <li>{@link #ACCEPTING}: 127.0.0.1, a trusted registry whose user {@code AWS} has the token;
 *   <li>{@link #REFUSING}: 127.0.0.2, a trusted registry whose {@code AWS} has another password;
 *   <li>{@link #DOWN}: 127.0.0.3, where nothing listens;
 *   <li>{@link #UNTRUSTED}: 127.0.0.4, a registry that takes the token, with a CA the agent does
 *       not trust;
 *   <li>{@link #UNMAPPED}: a name the hosts file does not list, so it does not resolve.
 * </ul>
 */
final class EcrScene implements AutoCloseable {

  /** moto's own account, the one a source without {@code registryId} gets the token of. */
  static final String ACCEPTING = "123456789012";

  static final String REFUSING = "210987654321";
  static final String DOWN = "333333333333";
  static final String UNMAPPED = "444444444444";
  static final String UNTRUSTED = "555555555555";

  /** The aws-ecr CredentialSource every sync uses; it lists no {@code verifyRegistries}. */
  static final String SOURCE = "ecr";

  /** The namespace label the source allows. */
  static final String LABEL = "ecr";

  private final MotoServer moto;
  private final List<RegistryServer> registries;
  private final Process agent;
  private final Path log;
  private final int port;

  private EcrScene(
      MotoServer moto, List<RegistryServer> registries, Process agent, Path log, int port) {
    this.moto = moto;
    this.registries = registries;
    this.agent = agent;
    this.log = log;
    this.port = port;
  }

  static EcrScene start(KubernetesServer server, MotoServer moto, Path work) throws Exception {
    if (!moto.accountId().equals(ACCEPTING)) {
      throw new IllegalStateException("moto's account is " + moto.accountId());
    }
    List<RegistryServer> registries = new ArrayList<>();
    Process agent = null;
    try {
      registries.add(
          registry("ecr-accepting", moto, ACCEPTING, "127.0.0.1", token(moto, ACCEPTING)));
      registries.add(registry("ecr-refusing", moto, REFUSING, "127.0.0.2", "not-the-token"));
      registries.add(
          registry("ecr-untrusted", moto, UNTRUSTED, "127.0.0.4", token(moto, UNTRUSTED)));
      Path hosts =
          HostsFile.write(
              work.resolve("hosts"),
              Map.of(
                  host(moto, ACCEPTING), "127.0.0.1",
                  host(moto, REFUSING), "127.0.0.2",
                  host(moto, DOWN), "127.0.0.3",
                  host(moto, UNTRUSTED), "127.0.0.4"));
      List<String> options = new ArrayList<>();
      options.add(HostsFile.jvmOption(hosts));
      options.addAll(
          CaTrust.writeTrustStore(
              work.resolve("truststore.p12"),
              List.of(registries.get(0).caCertificatePem(), registries.get(1).caCertificatePem())));
      try (KubernetesClient client = server.newClient()) {
        RunningAgent.prepare(client);
        TestCluster cluster = new TestCluster(client);
        cluster.markedSecret(
            "ecr-keys",
            SOURCE + ",ecr-listed",
            Map.of("id", moto.accessKeyId(), "secret", moto.secretAccessKey()));
        source(client, moto, SOURCE, List.of());
      }
      int port = FreePort.next();
      Path log = work.resolve("agent.log");
      agent =
          Distribution.unpack(work.resolve("dist"))
              .run(
                  server,
                  port,
                  log,
                  Map.of("JAVA_OPTS", String.join(" ", options)),
                  "--no-leader-election");
      AgentDistribution.awaitReady(agent, port, Duration.ofSeconds(90), log);
      return new EcrScene(moto, registries, agent, log, port);
    } catch (Exception | Error e) {
      if (agent != null) {
        agent.destroyForcibly();
      }
      registries.forEach(RegistryServer::close);
      throw e;
    }
  }

  private static RegistryServer registry(
      String name, MotoServer moto, String account, String address, String password) {
    RegistryServer registry = RegistryServer.startTls(name, host(moto, account), address);
    try {
      registry.addUser("AWS", password);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  /**
   * An aws-ecr CredentialSource on moto, allowed into namespaces labelled {@link #LABEL}, letting
   * its tokens be checked with {@code verifyRegistries}.
   */
  static void source(
      KubernetesClient client, MotoServer moto, String name, List<String> verifyRegistries) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("aws-ecr");
    spec.setConfig(TestCluster.motoConfig(moto, "ecr-keys"));
    spec.setTargetNamespaces(TestCluster.allowedTo(LABEL));
    spec.setVerifyRegistries(verifyRegistries);
    source.setSpec(spec);
    client.resource(source).serverSideApply();
  }

  /** {@code <account>.dkr.ecr.<region>.amazonaws.com}, the host of moto's proxyEndpoint. */
  String host(String account) {
    return host(moto, account);
  }

  private static String host(MotoServer moto, String account) {
    return account + ".dkr.ecr." + moto.region() + ".amazonaws.com";
  }

  /** The password of the ECR token moto hands out for {@code account}: what the agent writes. */
  String token(String account) {
    return token(moto, account);
  }

  /** The token's password and the Base64 auth built from it: what must never be shown. */
  List<String> tokenForms(String account) {
    String password = token(account);
    return List.of(
        password,
        Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** Asks moto, as the agent's plugin does, and decodes {@code AWS:<password>}. */
  private static String token(MotoServer moto, String account) {
    try (EcrClient ecr =
        EcrClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.of(moto.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
            .build()) {
      var data =
          ecr.getAuthorizationToken(b -> b.registryIds(account)).authorizationData().getFirst();
      if (!data.proxyEndpoint().equals("https://" + host(moto, account))) {
        throw new IllegalStateException("moto's proxyEndpoint is " + data.proxyEndpoint());
      }
      String login =
          new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
      return login.substring(login.indexOf(':') + 1);
    }
  }

  /** The registry serving {@code account}'s host (not {@link #DOWN} or {@link #UNMAPPED}). */
  RegistryServer registry(String account) {
    return registries.stream()
        .filter(registry -> registry.host().equals(host(account)))
        .findFirst()
        .orElseThrow();
  }

  MotoServer moto() {
    return moto;
  }

  /** The agent's log so far. */
  String agentLog() throws IOException {
    return Files.readString(log);
  }

  int httpPort() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    agent.destroy();
    if (!agent.waitFor(20, TimeUnit.SECONDS)) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    registries.forEach(RegistryServer::close);
  }
}
