package io.pullwarden.agent.it;

import static io.pullwarden.agent.it.ChartServiceAccount.OWNERSHIP_POLICY;
import static io.pullwarden.agent.it.TestSecrets.DOCKER_CONFIG_JSON;
import static io.pullwarden.agent.it.TestSecrets.OPAQUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.testenv.KubernetesServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's ValidatingAdmissionPolicy over Pullwarden's Secret labels on a real API server:
 * nobody but the agent, neither a tenant with Secret rights in her namespace nor a cluster admin,
 * can mark a Secret as Pullwarden's or move it to another sync, while ordinary Secret work, editing
 * a managed Secret's data and taking its labels off stay allowed.
 */
@ExtendWith(OwnApiServer.class)
class SecretOwnershipPolicyIT {

  @Test
  void nobodyButTheAgentMayMarkASecretAsPullwardens(KubernetesServer server) {
    try (KubernetesClient admin = server.newClient()) {
      RunningAgent.prepare(admin);
      ChartServiceAccount account = ChartServiceAccount.install(server, admin);
      new TestCluster(admin).namespace("vap-tenant", Map.of());
      TenantAccess.grantEdit(admin, "alice", "vap-tenant");
      Map<String, String> labels = TestSecrets.ownershipLabels("team");
      try (KubernetesClient agent = account.newClient();
          KubernetesClient alice = TenantAccess.impersonating(server, "alice")) {
        Secret managed =
            agent.resource(TestSecrets.managed("vap-tenant", "team-pull", "team", "one")).create();

        PolicyAssertions.assertRefusedBy(
            OWNERSHIP_POLICY,
            "a tenant creates a Secret with Pullwarden's labels",
            () ->
                alice
                    .resource(
                        TestSecrets.labelled("vap-tenant", "fake", DOCKER_CONFIG_JSON, labels))
                    .create());
        PolicyAssertions.assertRefusedBy(
            OWNERSHIP_POLICY,
            "a tenant creates a Secret with pullwarden.io/sync alone",
            () ->
                alice
                    .resource(
                        TestSecrets.labelled(
                            "vap-tenant", "fake", OPAQUE, Map.of(ManagedSecret.SYNC_LABEL, "x")))
                    .create());
        Secret own = alice.resource(TestSecrets.unlabelled("vap-tenant", "own", OPAQUE)).create();
        PolicyAssertions.assertRefusedBy(
            OWNERSHIP_POLICY,
            "a tenant adds Pullwarden's labels to her own Secret",
            () -> alice.resource(withLabels(own, labels)).update());
        PolicyAssertions.assertRefusedBy(
            OWNERSHIP_POLICY,
            "a tenant moves a managed Secret to another sync",
            () ->
                alice
                    .resource(withLabels(managed, Map.of(ManagedSecret.SYNC_LABEL, "other")))
                    .update());
        PolicyAssertions.assertRefusedBy(
            OWNERSHIP_POLICY,
            "a cluster admin creates a Secret with Pullwarden's labels (no exemption)",
            () ->
                admin
                    .resource(
                        TestSecrets.labelled("vap-tenant", "fake", DOCKER_CONFIG_JSON, labels))
                    .create());

        // Editing a managed Secret's data (drift, which the agent repairs) and taking the labels
        // off are ordinary Secret work.
        Secret edited = alice.resource(TestSecrets.edited(managed)).update();
        Secret unlabelled =
            new SecretBuilder(edited).editMetadata().withLabels(Map.of()).endMetadata().build();
        assertThat(alice.resource(unlabelled).update().getMetadata().getLabels()).isEmpty();
      }
    }
  }

  private static Secret withLabels(Secret secret, Map<String, String> labels) {
    return new SecretBuilder(secret).editMetadata().addToLabels(labels).endMetadata().build();
  }
}
