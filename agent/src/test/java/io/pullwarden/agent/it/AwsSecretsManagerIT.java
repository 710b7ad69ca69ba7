package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.testenv.FreePort;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The aws-secrets-manager plugin end to end, in the launched distribution against moto: a {@code
 * PutSecretValue} reaches every namespace with exactly one {@code GetSecretValue}, and a malformed
 * value leaves the written Secrets as they are until it is fixed in the store.
 */
@ExtendWith({OwnApiServer.class, MotoExtension.class})
class AwsSecretsManagerIT {

  private static final String SERVER = "registry.aws.test";
  private static final String SECRET_ID = "pullwarden/e2e";
  private static final List<String> NAMESPACES =
      IntStream.range(0, 5).mapToObj(i -> "aws-" + i).toList();

  @Test
  void aPutSecretValueReachesEveryNamespaceWithOneRead(
      KubernetesServer server, MotoServer moto, @TempDir Path work) throws Exception {
    try (KubernetesClient client = server.newClient();
        SecretsManagerClient secrets = secretsManager(moto)) {
      secrets.createSecret(b -> b.name(SECRET_ID).secretString(login("one")));
      RunningAgent.prepare(client);
      TestCluster cluster = new TestCluster(client);
      cluster.markedSecret(
          "aws-keys",
          "aws-e2e",
          Map.of("id", moto.accessKeyId(), "secret", moto.secretAccessKey()));
      source(client, moto);
      NAMESPACES.forEach(ns -> cluster.namespace(ns, Map.of("aws", "true")));
      int port = FreePort.next();
      Process agent =
          Distribution.unpack(work)
              .run(server, port, work.resolve("agent.log"), Map.of(), "--no-leader-election");
      try {
        cluster.sync(
            "aws",
            "aws-e2e",
            "unused",
            SERVER,
            "aws",
            spec -> spec.getRegistries().get(0).setRef(Map.of("secretId", SECRET_ID)));
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> cluster.assertWrittenEverywhere(NAMESPACES, "aws-pull", SERVER, "one"));
        assertThat(fetches(port)).as("GetSecretValue calls for the first sync").isEqualTo(1);

        secrets.putSecretValue(b -> b.secretId(SECRET_ID).secretString(login("two")));
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> cluster.assertWrittenEverywhere(NAMESPACES, "aws-pull", SERVER, "two"));
        assertThat(fetches(port)).as("GetSecretValue calls after one PutSecretValue").isEqualTo(2);

        String before = cluster.secret("aws-0", "aws-pull").getMetadata().getResourceVersion();
        secrets.putSecretValue(b -> b.secretId(SECRET_ID).secretString("{\"username\": \"robot\""));
        Condition degraded = cluster.awaitCondition("aws", "Degraded", "True");
        assertThat(degraded.getMessage()).contains(SECRET_ID).doesNotContain("robot");
        assertThat(cluster.secret("aws-0", "aws-pull").getMetadata().getResourceVersion())
            .as("a malformed value leaves the Secret alone")
            .isEqualTo(before);

        secrets.putSecretValue(b -> b.secretId(SECRET_ID).secretString(login("three")));
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () -> cluster.assertWrittenEverywhere(NAMESPACES, "aws-pull", SERVER, "three"));
        cluster.awaitCondition("aws", "Ready", "True");
      } finally {
        agent.destroy();
        agent.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static void source(KubernetesClient client, MotoServer moto) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName("aws-e2e");
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType("aws-secrets-manager");
    spec.setConfig(TestCluster.motoConfig(moto, "aws-keys"));
    spec.setTargetNamespaces(TestCluster.allowedTo("aws"));
    source.setSpec(spec);
    client.resource(source).serverSideApply();
  }

  private static SecretsManagerClient secretsManager(MotoServer moto) {
    return SecretsManagerClient.builder()
        .endpointOverride(moto.endpoint())
        .region(Region.of(moto.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
        .build();
  }

  private static String login(String password) {
    return "{\"username\":\"robot\",\"password\":\"" + password + "\"}";
  }

  private static int fetches(int port) throws Exception {
    Matcher matcher =
        Pattern.compile(
                "pullwarden_source_requests_total\\{operation=\"fetch\",outcome=\"success\","
                    + "plugin=\"aws-secrets-manager\",source=\"aws-e2e\"} ([0-9.]+)")
            .matcher(Distribution.get(port, "/metrics"));
    return matcher.find() ? (int) Double.parseDouble(matcher.group(1)) : 0;
  }
}
