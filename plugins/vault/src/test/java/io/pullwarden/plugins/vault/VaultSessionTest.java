package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.LeaseControl;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaultSessionTest {

  private static final Settings KV = ref(Map.of("kv", Map.of("path", "team/registry")));
  private static final Map<String, Object> LOGIN =
      Map.of("username", "robot", "password", "hunter2-value");

  private final FakeGateway gateway = new FakeGateway();
  private final FakeSourceContext context = new FakeSourceContext();
  private VaultSession session;

  @BeforeEach
  void open() throws Exception {
    context.putSecret("vault-token", Map.of("token", "static-token"));
    gateway.validTokens.add("static-token");
    SourceConfig config =
        SourceConfig.parse(
            Settings.of(
                "spec.config",
                Map.of(
                    "address",
                    "https://vault.test:8200",
                    "auth",
                    Map.of(
                        "token",
                        Map.of("secretRef", Map.of("name", "vault-token", "key", "token"))))));
    session = VaultSourceFactory.open(config, gateway, context);
    gateway.calls.clear();
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void kvV2VersionCostsOneMetadataReadAndFetchOneDataRead() throws Exception {
    putKvV2("secret", "team/registry", 3, LOGIN);

    String version = session.version(KV).orElseThrow();
    assertThat(gateway.calls).containsExactly("read secret/metadata/team/registry");

    Credential credential = session.fetch(KV);
    assertThat(gateway.calls)
        .containsExactly("read secret/metadata/team/registry", "read secret/data/team/registry");
    assertThat(credential.secret()).isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(credential.version()).isEqualTo(version).isEqualTo("3@t3");
    assertThat(credential.lease()).isEmpty();
  }

  @Test
  void aPinnedKvV2VersionIsReadByNumber() throws Exception {
    putKvV2("secret", "team/registry", 3, LOGIN);
    gateway.answers.put(
        "secret/data/team/registry?version=2",
        Map.of(
            "data",
            Map.of("data", LOGIN, "metadata", Map.of("version", 2L, "created_time", "t2"))));
    Settings pinned = ref(Map.of("kv", Map.of("path", "team/registry", "version", 2)));

    assertThat(session.version(pinned)).contains("2@t2");
    assertThat(session.fetch(pinned).version()).isEqualTo("2@t2");
  }

  @Test
  void kvV1HasNoVersionCallAndAContentVersion() throws Exception {
    Settings ref = ref(Map.of("kvV1", Map.of("mount", "kv", "path", "robot"), "serverKey", "host"));
    gateway.answers.put(
        "kv/robot", Map.of("data", Map.of("username", "u", "password", "p", "host", "ghcr.io")));

    assertThat(session.version(ref)).isEmpty();
    assertThat(gateway.calls).isEmpty();
    Credential first = session.fetch(ref);
    assertThat(first.server()).contains("ghcr.io");
    assertThat(session.fetch(ref).version()).isEqualTo(first.version()).startsWith("hmac:");

    gateway.answers.put(
        "kv/robot", Map.of("data", Map.of("username", "u", "password", "q", "host", "ghcr.io")));
    assertThat(session.fetch(ref).version()).isNotEqualTo(first.version());
  }

  @Test
  void aLeasedReadCarriesItsLeaseAndHasNoVersionCall() throws Exception {
    Settings ref = ref(Map.of("read", Map.of("path", "database/creds/puller")));
    gateway.answers.put(
        "database/creds/puller",
        Map.of(
            "lease_id",
            "database/creds/puller/abc",
            "lease_duration",
            30L,
            "renewable",
            true,
            "data",
            LOGIN));

    assertThat(session.version(ref)).isEmpty();
    Credential credential = session.fetch(ref);

    assertThat(credential.lease())
        .contains(
            new Lease(
                "database/creds/puller/abc",
                Duration.ofSeconds(30),
                true,
                context.clock.instant()));
    assertThat(credential.version()).isEqualTo("database/creds/puller/abc");
    assertThat(gateway.calls).containsExactly("read database/creds/puller");
  }

  @Test
  void leasesAreRenewedWithTheGrantedTtlAndRevoked() throws Exception {
    LeaseControl leases = session.leases().orElseThrow();
    Lease lease =
        new Lease(
            "database/creds/puller/abc", Duration.ofSeconds(30), true, context.clock.instant());
    gateway.answers.put(
        "sys/leases/renew",
        Map.of("lease_id", lease.id(), "lease_duration", 12L, "renewable", true));
    context.clock.advance(Duration.ofSeconds(20));

    Lease renewed = leases.renew(lease);
    leases.revoke(lease);

    assertThat(renewed)
        .isEqualTo(new Lease(lease.id(), Duration.ofSeconds(12), true, context.clock.instant()));
    assertThat(gateway.calls)
        .containsExactly(
            "write sys/leases/renew {lease_id=database/creds/puller/abc}",
            "write sys/leases/revoke {lease_id=database/creds/puller/abc}");
  }

  @Test
  void aLeaseThatIsGoneIsNotFound() {
    gateway.failures.put("sys/leases/renew", new VaultFailure(400, List.of("lease not found")));
    Lease lease =
        new Lease(
            "database/creds/puller/gone", Duration.ofSeconds(30), true, context.clock.instant());

    assertThatThrownBy(() -> session.leases().orElseThrow().renew(lease))
        .isInstanceOf(SourceException.NotFound.class)
        .hasMessageContaining("lease database/creds/puller/gone cannot be renewed")
        .hasMessageContaining("fetch a new credential");
  }

  @Test
  void aRevokedTokenIsReplacedByReadingTheSecretAgain() throws Exception {
    putKvV2("secret", "team/registry", 1, LOGIN);
    gateway.revokeAllTokens();
    gateway.validTokens.add("rotated-token");
    context.putSecret("vault-token", Map.of("token", "rotated-token"));

    assertThat(session.fetch(KV).secret())
        .isEqualTo(new UsernamePassword("robot", "hunter2-value"));
    assertThat(gateway.calls)
        .containsExactly(
            "read secret/data/team/registry", "lookup-self", "read secret/data/team/registry");
  }

  @Test
  void aCallStillDeniedAfterANewLoginIsAuthFailedNamingTheLogin() {
    gateway.failures.put(
        "secret/data/team/registry", new VaultFailure(403, List.of("permission denied")));

    assertThatThrownBy(() -> session.fetch(KV))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("denied reading KV v2 secret 'team/registry' in mount 'secret'")
        .hasMessageContaining("give the token in Secret vault-token (key 'token') a policy");
    assertThat(gateway.count("lookup-self")).isEqualTo(1);
  }

  @Test
  void failuresMapToTheirOutcomes() {
    assertThatThrownBy(() -> session.fetch(KV))
        .isInstanceOf(SourceException.NotFound.class)
        .hasMessageContaining("'team/registry' in mount 'secret' does not exist");
    assertThatThrownBy(() -> session.version(KV)).isInstanceOf(SourceException.NotFound.class);

    gateway.failures.put(
        "secret/data/team/registry", new VaultFailure(503, List.of("Vault is sealed")));
    assertThatThrownBy(() -> session.fetch(KV))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageContaining("is sealed");

    gateway.failures.put(
        "secret/data/team/registry", new VaultFailure(new ConnectException("refused")));
    assertThatThrownBy(() -> session.fetch(KV)).isInstanceOf(SourceException.Transient.class);
  }

  @Test
  void aMissingKeyIsInvalidConfigWithoutTheValue() {
    putKvV2("secret", "team/registry", 1, Map.of("username", "robot", "token", "hunter2-value"));

    assertThatThrownBy(() -> session.fetch(KV))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("has no key 'password'")
        .hasMessageNotContaining("hunter2-value");
  }

  @Test
  void healthReportsSealedUnreachableAndClosedWithoutThrowing() {
    assertThat(session.health()).isEqualTo(Health.ready());

    gateway.state = new ServerState(true, true);
    assertThat(session.health())
        .isEqualTo(Health.error("Vault at https://vault.test:8200 is sealed; unseal it"));

    gateway.healthFailure = new VaultFailure(new ConnectException("Connection refused"));
    assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    assertThat(session.health().message())
        .contains("cannot reach Vault at https://vault.test:8200");

    session.close();
    assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    assertThat(gateway.closed).isTrue();
    assertThatThrownBy(() -> session.fetch(KV)).isInstanceOf(IllegalStateException.class);
  }

  private void putKvV2(String mount, String path, long current, Map<String, Object> data) {
    Map<String, Object> versions = new java.util.HashMap<>();
    for (long version = 1; version <= current; version++) {
      versions.put(
          String.valueOf(version), Map.of("created_time", "t" + version, "deletion_time", ""));
    }
    gateway.answers.put(
        mount + "/metadata/" + path,
        Map.of("data", Map.of("current_version", current, "versions", versions)));
    gateway.answers.put(
        mount + "/data/" + path,
        Map.of(
            "data",
            Map.of(
                "data",
                data,
                "metadata",
                Map.of("version", current, "created_time", "t" + current))));
  }

  private static Settings ref(Map<String, Object> values) {
    return Settings.of("spec.registries[0].ref", values);
  }
}
