package io.pullwarden.testenv;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real moto server (the AWS API emulator from PyPI {@code moto[server]}) on a free loopback port,
 * serving Secrets Manager, ECR and STS for the AWS plugins' integration tests. Point an AWS SDK
 * client at {@link #endpoint()} with {@link #region()} and the static fake credentials; moto
 * accepts any signature. State lives in the process and is shared by every test in the JVM, so
 * tests use their own secret names or call {@link #reset()}.
 *
 * <p>This class deliberately has no AWS SDK dependency: tests and plugins bring their own clients.
 */
public final class MotoServer implements AutoCloseable {

  private static final String REGION = "us-east-1";
  private static final String FAKE_CREDENTIAL = "testing";
  private static final String ACCOUNT_ID = "123456789012";

  private final ServerProcess process;
  private final URI endpoint;

  private MotoServer(ServerProcess process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts moto on a free port of 127.0.0.1; returns once it answers HTTP requests. */
  public static MotoServer start() {
    String binary = TestDependencies.motoServer().toString();
    int port = FreePort.next();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    ServerProcess process =
        ServerProcess.start(
            "moto",
            List.of(binary, "-H", "127.0.0.1", "-p", Integer.toString(port)),
            // No MOTO_ACCOUNT_ID: it would put every request in that one account, whatever key
            // signed it. Without it, moto's default account is ACCOUNT_ID, and a request signed
            // with an assumed role's temporary key acts in the role's account, which is how the
            // AWS plugins' tests prove that a configured role is really used.
            Map.of());
    process.awaitReady(
        Duration.ofSeconds(60),
        () -> LoopbackHttp.get(endpoint.resolve("/moto-api/")).statusCode() == 200);
    return new MotoServer(process, endpoint);
  }

  /** The endpoint every AWS service is served on, for {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region to configure clients with: {@code us-east-1}. */
  public String region() {
    return REGION;
  }

  /** A fake access key id; moto does not check it, but the SDK insists on having one. */
  public String accessKeyId() {
    return FAKE_CREDENTIAL;
  }

  /** A fake secret access key, the partner of {@link #accessKeyId()}. */
  public String secretAccessKey() {
    return FAKE_CREDENTIAL;
  }

  /**
   * The 12-digit account id moto reports for the fake keys (ARNs, ECR registry ids, STS
   * GetCallerIdentity). Credentials from {@code AssumeRole} act in the role's account instead.
   */
  public String accountId() {
    return ACCOUNT_ID;
  }

  /** Forgets every resource in every service, for a test that needs a clean slate. */
  public void reset() {
    int status = LoopbackHttp.post(endpoint.resolve("/moto-api/reset")).statusCode();
    if (status != 200) {
      throw new IllegalStateException("moto reset answered HTTP " + status);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
