package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.diagnose.Cause;
import io.pullwarden.agent.diagnose.Diagnoser;
import io.pullwarden.agent.diagnose.Diagnosis;
import io.pullwarden.agent.diagnose.DiagnosisReport;
import io.pullwarden.agent.diagnose.KubernetesClusterView;
import io.pullwarden.agent.diagnose.LoginOutcome;
import io.pullwarden.agent.diagnose.RegistryHandshake;
import io.pullwarden.agent.diagnose.Subjects;
import io.pullwarden.agent.registry.HttpRegistryCheck;
import io.pullwarden.agent.registry.RegistryTls;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.RegistryServer;
import io.pullwarden.testenv.TokenRegistryServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code diagnose} asks a real registry (Debian's docker-registry with htpasswd, and with Bearer
 * tokens from distribution's token server) whether the credential the kubelet would send logs in: a
 * wrong password is named as wrong credentials with no pull Event to go on, the right one lets the
 * pod pull; no report holds the password. A registry with a private CA is checked with the CA
 * {@code --registry-ca} gives.
 */
@ExtendWith(OwnApiServer.class)
class DiagnoseRegistryIT {

  private static final String WRONG = "Diag-Wrong-Canary-0004";

  @Test
  void aPasswordTheRegistryRefusesIsWrongCredentialsAndTheRightOneCanPull(KubernetesServer server) {
    try (KubernetesClient client = server.newClient();
        RegistryServer registry = RegistryServer.start("diag-registry")) {
      String image = registry.host() + "/team/app:1";
      scene(client, "diag-refused", registry.host(), registry.username(), WRONG, image);
      scene(
          client,
          "diag-accepted",
          registry.host(),
          registry.username(),
          registry.password(),
          image);

      Diagnosis refused = diagnose(client, "diag-refused", registry.password());
      Diagnosis accepted = diagnose(client, "diag-accepted", registry.password());

      LoginOutcome refusal = refused.images().get(0).login().orElseThrow();
      assertThat(refused.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
      assertThat(refusal.state()).isEqualTo(LoginOutcome.State.REJECTED);
      assertThat(refusal.detail()).contains("HTTP 401");
      assertThat(accepted.verdict()).isEqualTo(Cause.NONE);
      assertThat(accepted.images().get(0).login().orElseThrow().state())
          .isEqualTo(LoginOutcome.State.ACCEPTED);
    }
  }

  @Test
  void aBearerRegistrysTokenServiceRefusingThePasswordIsWrongCredentials(KubernetesServer server) {
    try (KubernetesClient client = server.newClient();
        TokenRegistryServer registry = TokenRegistryServer.start("diag-token-registry")) {
      String user = registry.username();
      String own = registry.host() + "/" + user + "/app:1";
      String others = registry.host() + "/team/app:1";
      scene(client, "diag-bearer-refused", registry.host(), user, WRONG, own);
      scene(client, "diag-bearer-accepted", registry.host(), user, registry.password(), own);
      scene(client, "diag-bearer-no-access", registry.host(), user, registry.password(), others);

      Diagnosis refused = diagnose(client, "diag-bearer-refused", registry.password());
      Diagnosis accepted = diagnose(client, "diag-bearer-accepted", registry.password());
      Diagnosis noAccess = diagnose(client, "diag-bearer-no-access", registry.password());

      LoginOutcome refusal = refused.images().get(0).login().orElseThrow();
      assertThat(refused.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
      assertThat(refusal.state()).isEqualTo(LoginOutcome.State.REJECTED);
      assertThat(refusal.detail()).contains("HTTP 401").contains("GET " + registry.tokenRealm());
      assertThat(accepted.verdict()).isEqualTo(Cause.NONE);
      assertThat(accepted.images().get(0).login().orElseThrow().state())
          .isEqualTo(LoginOutcome.State.ACCEPTED);
      // The token service logs the user in but leaves team/app out of its token: the pull's 401.
      LoginOutcome denied = noAccess.images().get(0).login().orElseThrow();
      assertThat(noAccess.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
      assertThat(denied.detail())
          .contains("HTTP 401")
          .contains("GET http://" + registry.host() + "/v2/team/app/tags/list");
    }
  }

  /**
   * A registry with a private CA: without the CA its certificate is not trusted and the login is
   * unknown (never called wrong credentials), with a hint to {@code --registry-ca}; with the CA the
   * handshake runs and tells the wrong password from the right one.
   */
  @Test
  void aRegistryWithAPrivateCaIsCheckedWithTheGivenCaAndUnverifiedWithoutIt(KubernetesServer server)
      throws Exception {
    try (KubernetesClient client = server.newClient();
        RegistryServer registry = RegistryServer.startTls("diag-registry-tls")) {
      String image = registry.host() + "/team/app:1";
      scene(client, "diag-tls-refused", registry.host(), registry.username(), WRONG, image);
      scene(
          client,
          "diag-tls-accepted",
          registry.host(),
          registry.username(),
          registry.password(),
          image);
      RegistryTls privateCa = RegistryTls.trusting(registry.caCertificatePem());

      Diagnosis untrusted =
          diagnose(client, "diag-tls-accepted", registry.password(), RegistryTls.DEFAULT);
      Diagnosis refused = diagnose(client, "diag-tls-refused", registry.password(), privateCa);
      Diagnosis accepted = diagnose(client, "diag-tls-accepted", registry.password(), privateCa);

      LoginOutcome unknown = untrusted.images().get(0).login().orElseThrow();
      assertThat(unknown.state()).isEqualTo(LoginOutcome.State.UNREACHABLE);
      assertThat(unknown.detail()).contains("TLS with https://" + registry.host(), "--registry-ca");
      assertThat(untrusted.verdict()).isNotEqualTo(Cause.WRONG_CREDENTIALS);
      assertThat(refused.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
      assertThat(refused.images().get(0).login().orElseThrow().detail()).contains("HTTP 401");
      assertThat(accepted.verdict()).isEqualTo(Cause.NONE);
    }
  }

  private static void scene(
      KubernetesClient client,
      String namespace,
      String host,
      String username,
      String password,
      String image) {
    PullScene.namespace(client, namespace);
    String auth =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("regcred")
                .withNamespace(namespace)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(
                    Map.of(
                        ".dockerconfigjson",
                        "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}"))
                .build())
        .create();
    PullScene.pod(
        client,
        namespace,
        "default",
        image,
        spec -> spec.withImagePullSecrets(new LocalObjectReference("regcred")));
  }

  private static Diagnosis diagnose(KubernetesClient client, String namespace, String right) {
    return diagnose(client, namespace, right, RegistryTls.DEFAULT);
  }

  private static Diagnosis diagnose(
      KubernetesClient client, String namespace, String right, RegistryTls tls) {
    Pod pod = client.pods().inNamespace(namespace).withName("web").get();
    Diagnosis diagnosis =
        new Diagnoser(
                new KubernetesClusterView(client),
                Clock.systemUTC(),
                new RegistryHandshake(new HttpRegistryCheck(), tls))
            .diagnose(Subjects.ofPod(namespace, Optional.of("web"), pod.getSpec(), true));
    for (String report :
        List.of(DiagnosisReport.text(diagnosis), DiagnosisReport.json(diagnosis))) {
      assertThat(report.contains(right) || report.contains(WRONG))
          .as("a password appears in the report")
          .isFalse();
    }
    return diagnosis;
  }
}
