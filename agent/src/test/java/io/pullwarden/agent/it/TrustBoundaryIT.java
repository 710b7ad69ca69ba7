package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import io.pullwarden.agent.customresource.PullSecretSyncStatus;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.customresource.RegistrySpec.Verify;
import io.pullwarden.testenv.KubernetesServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks of docs/security.md that a tenant with ordinary rights would try, each made as that
 * tenant (impersonated) against the real API server, with the agent running on the chart's
 * ServiceAccount, RBAC and admission policies: every attack fails, the victim is unchanged, the
 * offending resource's status names the reason, and the agent goes on serving a healthy sync.
 */
@ExtendWith(OwnApiServer.class)
class TrustBoundaryIT {

  private static final String SERVER = "registry.trust.test";
  private static final String AGENT_LOGIN = "s3cr3t-openbao-token";

  @Test
  void aSyncAuthorCannotCopyTheAgentsLoginMaterialIntoTheirNamespace(KubernetesServer server) {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "keys")) {
      // The agent's own store login, marked for the source that needs it and no other.
      new TestCluster(setup.admin()).storeToken("openbao-token", "vault-prod", AGENT_LOGIN);
      Tenant mallory =
          Tenant.withNamespace(server, setup.admin(), "mallory", "keys-mallory")
              .mayWrite(setup.admin(), "pullsecretsyncs");

      try (KubernetesClient asMallory = mallory.client()) {
        new TestCluster(asMallory)
            .sync(
                "keys-steal",
                "keys-source",
                "openbao-token",
                SERVER,
                "unused",
                spec -> {
                  spec.getRegistries()
                      .get(0)
                      .setRef(
                          Map.of(
                              "name",
                              "openbao-token",
                              "usernameKey",
                              "token",
                              "passwordKey",
                              "token"));
                  spec.getNamespaces().setSelector(null);
                  spec.getNamespaces().setNames(List.of("keys-mallory"));
                });
      }

      Condition degraded = setup.cluster().awaitCondition("keys-steal", "Degraded", "True");
      assertThat(degraded.getReason()).isEqualTo("InvalidReference");
      assertThat(degraded.getMessage())
          .contains(
              "Secret pullwarden-system/openbao-token is not marked for CredentialSource"
                  + " keys-source")
          .doesNotContain(AGENT_LOGIN);
      assertThat(setup.cluster().secret("keys-mallory", "keys-steal-pull")).isNull();
      assertThat(setup.cluster().getSync("keys-steal").getStatus().getNamespaces().getSelected())
          .as("the selection is reported although no credential could be resolved")
          .isEqualTo(1);
      assertHealthySyncStillServed(setup);
    }
  }

  @Test
  void aSyncAuthorCannotSendACredentialToANamespaceItsSourceDoesNotAllow(KubernetesServer server) {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "scope")) {
      setup.cluster().namespace("scope-victim", Map.of());
      Tenant mallory =
          Tenant.withNamespace(server, setup.admin(), "mallory", "scope-mallory")
              .mayWrite(setup.admin(), "pullsecretsyncs");

      try (KubernetesClient asMallory = mallory.client()) {
        new TestCluster(asMallory)
            .sync(
                "scope-spread",
                "scope-source",
                "scope-cred",
                SERVER,
                "unused",
                spec -> {
                  spec.getNamespaces().setSelector(null);
                  spec.getNamespaces().setNames(List.of("scope-victim", "scope-ok"));
                });
      }

      Condition degraded = setup.cluster().awaitCondition("scope-spread", "Degraded", "True");
      assertThat(degraded.getReason()).isEqualTo("NamespaceNotAllowed");
      PullSecretSyncStatus status = setup.cluster().getSync("scope-spread").getStatus();
      assertThat(status.getProblems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.getNamespace()).isEqualTo("scope-victim");
                assertThat(problem.getMessage())
                    .contains(
                        "CredentialSource scope-source does not allow namespace scope-victim");
              });
      assertThat(status.getNamespaces().getSelected()).isEqualTo(2);
      assertThat(status.getNamespaces().getSynced()).isEqualTo(1);
      assertThat(setup.cluster().secret("scope-victim", "scope-spread-pull")).isNull();
      assertHealthySyncStillServed(setup);
    }
  }

  @Test
  void adoptNeverReplacesASecretOfAnotherTypeAndDeletingTheSyncLeavesIt(KubernetesServer server) {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "adopt")) {
      setup
          .admin()
          .resource(TestSecrets.unlabelled("adopt-ok", "web-tls", TestSecrets.TLS))
          .create();
      String before =
          setup.cluster().secret("adopt-ok", "web-tls").getMetadata().getResourceVersion();
      Tenant mallory =
          Tenant.withNamespace(server, setup.admin(), "mallory", "adopt-mallory")
              .mayWrite(setup.admin(), "pullsecretsyncs");

      try (KubernetesClient asMallory = mallory.client()) {
        PullSecretSync sync =
            new TestCluster(asMallory)
                .sync(
                    "adopt-tls",
                    "adopt-source",
                    "adopt-cred",
                    SERVER,
                    "adopt",
                    spec -> {
                      spec.setSecretName("web-tls");
                      spec.setConflictPolicy(ConflictPolicy.Adopt);
                    });
        Condition degraded = setup.cluster().awaitCondition("adopt-tls", "Degraded", "True");
        assertThat(degraded.getReason()).isEqualTo("AdoptionRefused");
        assertThat(setup.cluster().secret("adopt-ok", "web-tls").getType())
            .isEqualTo("kubernetes.io/tls");

        asMallory.resource(sync).delete();
      }
      await()
          .atMost(TestCluster.PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(setup.cluster().getSync("adopt-tls"))
                      .as("sync adopt-tls after deletion")
                      .isNull());
      assertThat(setup.cluster().secret("adopt-ok", "web-tls").getMetadata().getResourceVersion())
          .as("the TLS Secret outlives the sync, untouched")
          .isEqualTo(before);
      assertHealthySyncStillServed(setup);
    }
  }

  @Test
  void twoSyncsThatWantOneSecretBothReportItAndNeitherTakesItFromTheOther(KubernetesServer server)
      throws InterruptedException {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "twin")) {
      for (String name : List.of("twin-first", "twin-second")) {
        setup
            .cluster()
            .sync(
                name,
                "twin-source",
                "twin-cred",
                SERVER,
                "twin",
                spec -> {
                  spec.setSecretName("shared-pull");
                  spec.setConflictPolicy(ConflictPolicy.Adopt);
                });
        await()
            .atMost(TestCluster.PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(setup.cluster().secretLabels("twin-ok", "shared-pull"))
                        .as("Secret twin-ok/shared-pull")
                        .isPresent());
      }

      Condition first = setup.cluster().awaitCondition("twin-first", "Degraded", "True");
      Condition second = setup.cluster().awaitCondition("twin-second", "Degraded", "True");
      assertThat(first.getReason()).isEqualTo("SecretNameShared");
      assertThat(second.getReason()).isEqualTo("ManagedByOtherSync");
      String version =
          setup.cluster().secret("twin-ok", "shared-pull").getMetadata().getResourceVersion();
      // Several refreshes (2 s each) of both syncs: the owner keeps the Secret, nobody rewrites it.
      Thread.sleep(Duration.ofSeconds(7));
      assertThat(setup.cluster().secret("twin-ok", "shared-pull").getMetadata())
          .satisfies(
              metadata -> {
                assertThat(metadata.getResourceVersion()).isEqualTo(version);
                assertThat(metadata.getLabels()).containsEntry("pullwarden.io/sync", "twin-first");
              });
      assertThat(setup.cluster().getSync("twin-first").getStatus().getConditions())
          .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("SecretNameShared"));
      assertHealthySyncStillServed(setup);
    }
  }

  @Test
  void aCredentialOverTheSizeLimitIsRefusedBeforeAnyWriteAndNotRetriedInALoop(
      KubernetesServer server) throws InterruptedException {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "large")) {
      String huge = "p".repeat(300_000);
      setup.cluster().centralLogin("large-source", "large-huge", "robot", huge);

      setup.cluster().sync("large", "large-source", "large-huge", SERVER, "large", spec -> {});

      Condition degraded = setup.cluster().awaitCondition("large", "Degraded", "True");
      assertThat(degraded.getReason()).isEqualTo("CredentialTooLarge");
      assertThat(degraded.getMessage())
          .matches("the \\.dockerconfigjson built from spec\\.registries is \\d+ bytes, .*")
          .contains("over the agent's limit of 262144 bytes")
          .doesNotContain("ppppp");
      // Two refreshes (2 s each): still no Secret, and no second Event.
      Thread.sleep(Duration.ofSeconds(5));
      assertThat(setup.cluster().secret("large-ok", "large-pull")).isNull();
      assertThat(
              setup.admin().v1().events().inNamespace("default").list().getItems().stream()
                  .filter(e -> "large".equals(e.getInvolvedObject().getName()))
                  .filter(e -> "CredentialTooLarge".equals(e.getReason())))
          .as("one Event for the refusal, not one per refresh")
          .hasSize(1);
      assertHealthySyncStillServed(setup);
    }
  }

  /**
   * A sync author names a server of their own for the source's credential, asks for it to be
   * checked there and offers the TLS setting a man in the middle would want: the check never sends
   * it (the source's owner did not list the server), the sync's status says why, and the listener,
   * which asks for a Basic login, receives no Authorization header.
   */
  @Test
  void aSyncAuthorCannotHaveTheCredentialCheckedAtAServerOfTheirOwn(KubernetesServer server)
      throws IOException {
    try (ChartAgentSetup setup = ChartAgentSetup.start(server, "probe");
        RecordingListener attacker = RecordingListener.askingForBasicLogin()) {
      Tenant mallory =
          Tenant.withNamespace(server, setup.admin(), "mallory", "probe-mallory")
              .mayWrite(setup.admin(), "pullsecretsyncs");

      try (KubernetesClient asMallory = mallory.client()) {
        new TestCluster(asMallory)
            .sync(
                "probe-steal",
                "probe-source",
                "probe-cred",
                attacker.authority(),
                "probe",
                spec -> {
                  spec.getRegistries().get(0).setVerify(Verify.Enforce);
                  spec.getRegistries().get(0).setInsecureSkipTLSVerify(true);
                });
      }

      // The status is written after the check: once it is there, whatever was sent has arrived.
      RegistryCheckStatus check =
          await()
              .atMost(TestCluster.PATIENCE)
              .until(
                  () -> {
                    PullSecretSyncStatus status =
                        setup.cluster().getSync("probe-steal").getStatus();
                    return status == null || status.getRegistries() == null
                        ? null
                        : status.getRegistries().stream().findFirst().orElse(null);
                  },
                  found -> found != null);
      assertThat(attacker.receivedAuthorization())
          .as("an Authorization header reached the sync author's server")
          .isFalse();
      assertThat(check.getOutcome()).isEqualTo("Unverified");
      assertThat(check.getMessage())
          .contains("does not list " + attacker.authority() + " in spec.verifyRegistries");
      assertHealthySyncStillServed(setup);
    }
  }

  /**
   * A healthy sync written by the administrator is still served after the attack, and no credential
   * of the test shows in an Event or in the status of any sync or source.
   */
  static void assertHealthySyncStillServed(ChartAgentSetup setup) {
    String sync = setup.prefix() + "-healthy";
    setup
        .cluster()
        .sync(
            sync,
            setup.prefix() + "-source",
            setup.prefix() + "-cred",
            SERVER,
            setup.prefix(),
            spec -> {});
    setup.cluster().awaitCondition(sync, "Ready", "True");
    assertThat(setup.cluster().writtenPassword(setup.prefix() + "-ok", sync + "-pull", SERVER))
        .contains("good-password");
    String reported =
        Serialization.asJson(setup.admin().v1().events().inAnyNamespace().list())
            + Serialization.asJson(setup.admin().resources(PullSecretSync.class).list())
            + Serialization.asJson(setup.admin().resources(CredentialSource.class).list());
    for (String credential :
        List.of(
            "good-password",
            Base64.getEncoder().encodeToString("robot:good-password".getBytes()),
            AGENT_LOGIN,
            "ppppppppppppppppppppp")) {
      assertThat(reported.contains(credential))
          .as("a credential appears in an Event or a status")
          .isFalse();
    }
  }
}
