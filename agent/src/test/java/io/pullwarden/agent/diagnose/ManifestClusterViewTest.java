package io.pullwarden.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code diagnose -f}: the pod and the objects it needs come from one manifest file, as a user
 * would write or export them (stringData, a CronJob's template, the pod's Events).
 */
class ManifestClusterViewTest {

  private static final String PASSWORD = "Diag-Canary-0004-pw";

  @Test
  void aPodWithAStringDataSecretAndA401EventInTheFileHasWrongCredentials() throws Exception {
    ManifestClusterView view =
        ManifestClusterView.read(
            new StringReader(
                """
                kind: Pod
                metadata: {name: nightly-1, namespace: batch}
                spec:
                  imagePullSecrets: [{name: regcred}]
                  containers: [{name: job, image: "registry.example.com/batch/job:2"}]
                ---
                kind: Secret
                metadata: {name: regcred, namespace: batch}
                type: kubernetes.io/dockerconfigjson
                stringData:
                  .dockerconfigjson: '{"auths":{"registry.example.com":{"username":"robot","password":"%s"}}}'
                ---
                kind: Event
                metadata: {name: nightly-1.1, namespace: batch}
                involvedObject: {kind: Pod, name: nightly-1, namespace: batch}
                reason: Failed
                message: 'Failed to pull image "registry.example.com/batch/job:2": 401 Unauthorized'
                """
                    .formatted(PASSWORD)));

    Subject subject = view.subject(Optional.empty(), "default").orElseThrow();
    Diagnosis diagnosis =
        new Diagnoser(view, Clock.systemUTC(), RegistryLoginCheck.NOT_CHECKED).diagnose(subject);

    assertThat(subject.namespace()).isEqualTo("batch");
    assertThat(diagnosis.verdict()).isEqualTo(Cause.WRONG_CREDENTIALS);
    assertThat(diagnosis.images().get(0).key()).contains("registry.example.com");
    assertThat(DiagnosisReport.text(diagnosis)).doesNotContain(PASSWORD);
  }

  @Test
  void aCronJobsTemplateIsThePodAndTheNamespaceComesFromTheOptionWhenTheFileHasNone()
      throws Exception {
    ManifestClusterView view =
        ManifestClusterView.read(
            new StringReader(
                """
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          serviceAccountName: batch
                          initContainers: [{name: init, image: busybox}]
                          containers: [{name: job, image: "registry.example.com/job:2"}]
                """));

    Subject subject = view.subject(Optional.of("nightly"), "team").orElseThrow();

    assertThat(subject.namespace()).isEqualTo("team");
    assertThat(subject.serviceAccount()).isEqualTo("batch");
    assertThat(subject.images())
        .extracting(Subject.ContainerImage::image)
        .containsExactly("busybox", "registry.example.com/job:2");
    assertThat(view.subject(Optional.of("other"), "team")).isEmpty();
  }
}
