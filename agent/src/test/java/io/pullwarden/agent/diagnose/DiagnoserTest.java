package io.pullwarden.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.diagnose.Subject.ContainerImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each cause of the troubleshooting table, decided over a {@link FakeCluster}, with the evidence
 * and the fix a user gets; every diagnosis here is also printed as text and JSON and checked to
 * hold no credential.
 */
class DiagnoserTest {

  private static final String PASSWORD = "Diag-Canary-0001-pw";
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final String IMAGE = "registry.example.com/team/app:1";

  private final FakeCluster cluster = new FakeCluster();
  private RegistryLoginCheck login = RegistryLoginCheck.NOT_CHECKED;

  @Test
  void aMatchingKeyInThePodsSecretCanPullAndSaysTheLoginWasNotChecked() {
    cluster.pullSecret("team", "regcred", PASSWORD, "https://registry.example.com");

    Diagnosis diagnosis = diagnose(pod(List.of("regcred"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NONE);
    assertThat(diagnosis.canPull()).isTrue();
    var image = diagnosis.images().get(0);
    assertThat(image.key()).contains("https://registry.example.com");
    assertThat(image.secret()).contains("regcred");
    assertThat(image.login().map(LoginOutcome::state)).contains(LoginOutcome.State.NOT_CHECKED);
    assertThat(DiagnosisReport.text(diagnosis))
        .contains("verdict: this pod can pull")
        .contains("registry login: not checked");
  }

  @Test
  void noImagePullSecretsOnThePodOrItsAccount() {
    cluster.account("team", "default");

    Diagnosis diagnosis = diagnose(pod(List.of(), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NO_PULL_SECRETS);
    assertThat(DiagnosisReport.text(diagnosis))
        .contains(
            "verdict: cannot pull: ImagePullBackOff: no imagePullSecrets on the pod or its"
                + " ServiceAccount");
    assertThat(diagnosis.fixes())
        .anyMatch(f -> f.startsWith("kubectl patch serviceaccount default -n team"));
  }

  @Test
  void aPodOlderThanItsAccountsPullSecretsMustBeRecreated() {
    cluster.account("team", "default", "regcred");
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");

    Diagnosis diagnosis =
        diagnose(Subjects.ofPod("team", Optional.of("web"), spec(List.of(), "default"), true));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NO_PULL_SECRETS);
    assertThat(diagnosis.images().get(0).evidence().get(0))
        .contains("admission copies them into a pod only when it is created");
    assertThat(diagnosis.fixes())
        .containsExactly(
            "kubectl delete pod web -n team   # its controller creates it again; admission then adds"
                + " [regcred]");
  }

  @Test
  void aPodToBeCreatedGetsItsAccountsPullSecrets() {
    cluster.account("team", "default", "regcred");
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");

    Diagnosis diagnosis = diagnose(Subjects.ofImage("team", IMAGE, "default"));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NONE);
    assertThat(diagnosis.pullSecrets()).contains("ServiceAccount default's imagePullSecrets");
  }

  @Test
  void aCustomAccountWithoutTheSecretThatDefaultHas() {
    cluster.account("team", "default", "regcred").account("team", "builder");
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");

    Diagnosis diagnosis = diagnose(Subjects.ofImage("team", IMAGE, "builder"));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.CUSTOM_ACCOUNT_LACKS_SECRET);
    assertThat(diagnosis.fixes())
        .containsExactly(
            "kubectl patch serviceaccount builder -n team -p"
                + " '{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}'   # it has none, so nothing"
                + " is replaced");
  }

  @Test
  void aCustomAccountIsAddedToTheSyncThatManagesDefaultsSecret() {
    cluster.account("team", "default", "regcred").account("team", "builder");
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");
    cluster.managedBy("team", "regcred", "example");

    Diagnosis diagnosis = diagnose(Subjects.ofImage("team", IMAGE, "builder"));

    assertThat(diagnosis.fixes().get(0))
        .isEqualTo(
            "kubectl patch pullsecretsync example --type=json -p"
                + " '[{\"op\":\"add\",\"path\":\"/spec/serviceAccounts/-\",\"value\":\"builder\"}]'");
  }

  @Test
  void aSecretInAnotherNamespaceIsNamedWithThatNamespace() {
    cluster.pullSecret("shared", "regcred", PASSWORD, "registry.example.com");

    Diagnosis diagnosis = diagnose(pod(List.of("regcred"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.SECRET_IN_OTHER_NAMESPACE);
    assertThat(diagnosis.images().get(0).evidence())
        .contains("Secret regcred is not in namespace team; namespaces [shared] have one");
    assertThat(diagnosis.fixes().get(0)).contains("-n shared").contains("kubectl apply -n team");
  }

  @Test
  void aSecretNowhereIsNotFound() {
    Diagnosis diagnosis = diagnose(pod(List.of("regcred"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.SECRET_NOT_FOUND);
  }

  @Test
  void aKeyOnAnotherPortIsNoBasicAuthAndSaysThePortDiffers() {
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com:5000");

    Diagnosis diagnosis = diagnose(pod(List.of("regcred"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NO_MATCHING_KEY);
    assertThat(diagnosis.images().get(0).evidence().get(0))
        .isEqualTo(
            "no auths key of [regcred] matches registry.example.com/team/app; closest"
                + " \"registry.example.com:5000\": the port differs: the key has port 5000, the"
                + " image no port (the port must match exactly)");
    assertThat(diagnosis.fixes().get(0)).contains("--docker-server=registry.example.com ");
  }

  @Test
  void theClosestKeyIsTheOneOnTheSameHostWithAnotherPath() {
    cluster.pullSecret(
        "team", "regcred", PASSWORD, "other.example.org", "registry.example.com/other");

    Diagnosis diagnosis = diagnose(pod(List.of("regcred"), "default", IMAGE));

    assertThat(diagnosis.images().get(0).evidence().get(0))
        .contains("closest \"registry.example.com/other\": the path differs");
  }

  @Test
  void aTypoInTheHostIsTheClosestOfOtherHosts() {
    cluster.pullSecret("team", "regcred", PASSWORD, "quay.io", "registry.exmaple.com");

    Diagnosis diagnosis = diagnose(pod(List.of("regcred"), "default", IMAGE));

    assertThat(diagnosis.images().get(0).evidence().get(0))
        .contains("closest \"registry.exmaple.com\": the host differs");
  }

  @Test
  void anUnqualifiedImageUsesDockerHubsKey() {
    cluster.pullSecret("team", "hub", PASSWORD, "https://index.docker.io/v1/");

    Diagnosis diagnosis = diagnose(pod(List.of("hub"), "default", "team/app:1"));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NONE);
    assertThat(diagnosis.images().get(0).key()).contains("https://index.docker.io/v1/");
  }

  @Test
  void aManagedSecretWhoseTokenExpiredNamesItsSync() {
    cluster.pullSecret("team", "ecr", PASSWORD, "registry.example.com");
    cluster.managedBy("team", "ecr", "ecr-sync");
    cluster.sync("ecr-sync", "False", Optional.of(NOW.minusSeconds(60)));

    Diagnosis diagnosis = diagnose(pod(List.of("ecr"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.TOKEN_EXPIRED);
    assertThat(diagnosis.images().get(0).evidence())
        .contains(
            "managed by PullSecretSync ecr-sync: Ready=False (SourceUnavailable), credential"
                + " expires 2026-11-30T11:59:00Z");
    assertThat(diagnosis.fixes().get(0)).startsWith("kubectl describe pullsecretsync ecr-sync");
  }

  @Test
  void aManagedSecretWithAFutureExpiryCanPull() {
    cluster.pullSecret("team", "ecr", PASSWORD, "registry.example.com");
    cluster.managedBy("team", "ecr", "ecr-sync");
    cluster.sync("ecr-sync", "True", Optional.of(NOW.plusSeconds(3600)));

    assertThat(diagnose(pod(List.of("ecr"), "default", IMAGE)).verdict()).isEqualTo(Cause.NONE);
  }

  @Test
  void aPullEventWith401MeansWrongCredentialsForThatImageOnly() {
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");
    cluster.event(
        "Failed",
        "Failed to pull image \""
            + IMAGE
            + "\": failed to pull and unpack image \""
            + IMAGE
            + "\": failed to resolve reference \""
            + IMAGE
            + "\": failed to authorize: failed to fetch oauth token: unexpected status from GET"
            + " request to https://registry.example.com/token?scope=repository%3Ateam%2Fapp%3Apull"
            + "&service=registry.example.com: 401 Unauthorized");

    Diagnosis diagnosis =
        diagnose(pod(List.of("regcred"), "default", IMAGE, "registry.example.com/team/side:2"));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
    assertThat(diagnosis.images().get(0).cause()).isEqualTo(Cause.WRONG_CREDENTIALS);
    assertThat(diagnosis.images().get(1).cause()).isEqualTo(Cause.NONE);
    // The registry's answer ends the kubelet's long message; a shortened one keeps it.
    assertThat(diagnosis.images().get(0).evidence())
        .anyMatch(
            e ->
                e.startsWith("Event Failed: Failed to pull image")
                    && e.endsWith("401 Unauthorized"));
  }

  @Test
  void aRegistryThatRejectsTheLoginMeansWrongCredentials() {
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");
    login = (repository, key, secret) -> new LoginOutcome(LoginOutcome.State.REJECTED, "401");

    assertThat(diagnose(pod(List.of("regcred"), "default", IMAGE)).verdict())
        .isEqualTo(Cause.WRONG_CREDENTIALS);
  }

  @Test
  void aDocumentThatDoesNotParseFailsEveryImage() {
    cluster.secret(
        "team",
        "broken",
        "kubernetes.io/dockerconfigjson",
        ".dockerconfigjson",
        "{\"auths\": {\"x\": " + PASSWORD);

    Diagnosis diagnosis = diagnose(pod(List.of("broken"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.INVALID_SECRET);
    assertThat(diagnosis.images().get(0).evidence())
        .contains(
            "Secret broken has .dockerconfigjson that is not JSON; the kubelet fails every pull"
                + " of the pod");
  }

  @Test
  void anOpaqueSecretIsSkippedAndSaysWhichTypesCount() {
    cluster.secret("team", "opaque", "Opaque", ".dockerconfigjson", "{\"auths\":{}}");

    Diagnosis diagnosis = diagnose(pod(List.of("opaque"), "default", IMAGE));

    assertThat(diagnosis.verdict()).isEqualTo(Cause.INVALID_SECRET);
    assertThat(diagnosis.images().get(0).evidence().get(0)).contains("has type Opaque");
  }

  @Test
  void aDockercfgSecretIsReadLikeTheKubeletDoes() {
    String auth =
        Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    cluster.secret(
        "team",
        "old",
        "kubernetes.io/dockercfg",
        ".dockercfg",
        "{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}");

    assertThat(diagnose(pod(List.of("old"), "default", IMAGE)).verdict()).isEqualTo(Cause.NONE);
  }

  @Test
  void theFirstImageThatCannotPullDecidesTheVerdictInitContainersFirst() {
    cluster.pullSecret("team", "regcred", PASSWORD, "registry.example.com");
    Subject subject =
        new Subject(
            "team",
            Optional.of("web"),
            "default",
            List.of("regcred"),
            List.of(
                new ContainerImage("init", "quay.io/other/init:1"),
                new ContainerImage("app", IMAGE)),
            true);

    Diagnosis diagnosis = diagnose(subject);

    assertThat(diagnosis.verdict()).isEqualTo(Cause.NO_MATCHING_KEY);
    assertThat(diagnosis.images())
        .extracting(Diagnosis.ImageFinding::cause)
        .containsExactly(Cause.NO_MATCHING_KEY, Cause.NONE);
  }

  private Diagnosis diagnose(Subject subject) {
    Diagnosis diagnosis =
        new Diagnoser(cluster, Clock.fixed(NOW, ZoneOffset.UTC), login).diagnose(subject);
    String auth =
        Base64.getEncoder().encodeToString(("robot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    for (String report :
        List.of(DiagnosisReport.text(diagnosis), DiagnosisReport.json(diagnosis))) {
      assertThat(report.contains(PASSWORD)).as("the password appears in a report").isFalse();
      assertThat(report.contains(auth)).as("an auth value appears in a report").isFalse();
      assertThat(cluster.secretData()).noneMatch(report::contains);
    }
    return diagnosis;
  }

  private static Subject pod(List<String> pullSecrets, String account, String... images) {
    return new Subject(
        "team",
        Optional.of("web"),
        account,
        pullSecrets,
        List.of(images).stream().map(i -> new ContainerImage("app", i)).toList(),
        true);
  }

  private static io.fabric8.kubernetes.api.model.PodSpec spec(
      List<String> pullSecrets, String account) {
    return new io.fabric8.kubernetes.api.model.PodSpecBuilder()
        .withServiceAccountName(account)
        .addNewContainer()
        .withName("app")
        .withImage(IMAGE)
        .endContainer()
        .withImagePullSecrets(
            pullSecrets.stream()
                .map(io.fabric8.kubernetes.api.model.LocalObjectReference::new)
                .toList())
        .build();
  }
}
