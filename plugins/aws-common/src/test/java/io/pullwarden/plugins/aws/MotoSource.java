package io.pullwarden.plugins.aws;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.testkit.TestSourceContext;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoServer;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * An AWS CredentialSource as the plugins' integration tests use it: moto as the store, and moto's
 * fake access key in a Secret of the agent's namespace on a real API server, so every test also
 * goes through the static-keys login. Also gives tests their own AWS identities, to prepare state
 * in moto as an administrator would.
 */
public final class MotoSource implements AutoCloseable {

  public static final String AGENT_NAMESPACE = "pullwarden-system";
  public static final String KEYS_SECRET = "aws-keys";

  private final TestSourceContext context;
  private final MotoServer moto;

  private MotoSource(TestSourceContext context, MotoServer moto) {
    this.context = context;
    this.moto = moto;
  }

  /** Creates the agent namespace and the access-key Secret (idempotent: tests share servers). */
  public static MotoSource start(KubernetesServer kubernetes, MotoServer moto) {
    TestSourceContext context = new TestSourceContext(kubernetes, AGENT_NAMESPACE);
    context
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(AGENT_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
    context
        .client()
        .secrets()
        .inNamespace(AGENT_NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(KEYS_SECRET)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "access-key-id",
                        moto.accessKeyId(),
                        "secret-access-key",
                        moto.secretAccessKey()))
                .build())
        .serverSideApply();
    return new MotoSource(context, moto);
  }

  public TestSourceContext context() {
    return context;
  }

  public MotoServer moto() {
    return moto;
  }

  /** A working {@code spec.config}: moto's region and endpoint, keys from the Secret. */
  public Map<String, Object> configValues() {
    Map<String, Object> config = new HashMap<>();
    config.put("region", moto.region());
    config.put("endpoint", moto.endpoint().toString());
    config.put("stsEndpoint", moto.endpoint().toString());
    config.put(
        "auth",
        Map.of(
            "accessKeyIdRef", Map.of("name", KEYS_SECRET, "key", "access-key-id"),
            "secretAccessKeyRef", Map.of("name", KEYS_SECRET, "key", "secret-access-key")));
    return config;
  }

  public Settings config() {
    return Settings.of("spec.config", configValues());
  }

  /** The working config with {@code changes} applied; a {@code null} value removes the field. */
  public Settings config(Map<String, Object> changes) {
    Map<String, Object> config = configValues();
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            config.remove(key);
          } else {
            config.put(key, value);
          }
        });
    return Settings.of("spec.config", config);
  }

  public Region region() {
    return Region.of(moto.region());
  }

  /** moto's default account (the one the access key in the Secret belongs to). */
  public AwsCredentialsProvider adminCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey()));
  }

  /** Credentials of {@code roleArn}, which moto places in the role's account. */
  public AwsCredentialsProvider roleCredentials(String roleArn) {
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(moto.endpoint())
            .region(region())
            .credentialsProvider(adminCredentials())
            .build()) {
      Credentials credentials =
          sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("test-setup")).credentials();
      return StaticCredentialsProvider.create(
          software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
              credentials.accessKeyId(),
              credentials.secretAccessKey(),
              credentials.sessionToken()));
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
