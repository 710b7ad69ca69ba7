package io.pullwarden.agent.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.PullSecretSyncSpec;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.customresource.RegistrySpec.Verify;
import io.pullwarden.agent.dockerconfig.TestLogins;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.registry.RegistryCheck;
import io.pullwarden.plugin.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a pass asks the registry, what it does with the answer, and how often it asks: once per
 * credential change, shared by syncs and passes; a rejection is asked again after the refresh.
 */
class CredentialChecksTest {

  private static final String SERVER = "registry.example.com";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final FakeCheck registry = new FakeCheck();
  private final List<String> events = new ArrayList<>();
  private final AgentMetrics metrics = new AgentMetrics();
  private final List<String> allowed = new ArrayList<>(List.of("*.example.com"));
  private final CredentialChecks checks =
      new CredentialChecks(registry, this::source, new ListEvents(events), metrics, clock);

  @Test
  void oneHandshakePerCredentialWhateverThePassesOrSyncs() throws Exception {
    registry.answer.set(new RegistryCheck.Accepted("ok"));
    for (int pass = 0; pass < 5; pass++) {
      checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("one"));
      checks.verify(sync("b"), settings("b", Verify.Warn), resolved("one"));
      clock.advance(Duration.ofMinutes(10));
    }
    assertThat(registry.calls).as("handshakes for one credential").isEqualTo(1);

    checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("two"));
    assertThat(registry.calls).as("handshakes after a change").isEqualTo(2);
  }

  @Test
  void aShortRefreshAsksTheRegistryAgainAtMostEveryFiveMinutes() throws Exception {
    registry.answer.set(new RegistryCheck.Rejected(401, "GET https://" + SERVER + "/v2/"));
    SyncSettings tenSeconds = settings("a", Verify.Warn, "10s");
    checks.verify(sync("a"), tenSeconds, resolved("bad"));

    clock.advance(Duration.ofSeconds(11));
    checks.verify(sync("a"), tenSeconds, resolved("bad"));
    clock.advance(Duration.ofMinutes(4));
    checks.verify(sync("a"), tenSeconds, resolved("bad"));
    assertThat(registry.calls).as("handshakes within five minutes").isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    checks.verify(sync("a"), tenSeconds, resolved("bad"));
    assertThat(registry.calls).as("handshakes once five minutes passed").isEqualTo(2);
  }

  @Test
  void enforceBlocksARejectedCredentialAndAsksAgainAfterTheRefresh() throws Exception {
    registry.answer.set(new RegistryCheck.Rejected(401, "GET https://" + SERVER + "/v2/"));
    CredentialChecks.Verdict verdict =
        checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("bad"));

    assertThat(verdict.blocked()).isPresent();
    assertThat(verdict.blocked().get().reason()).isEqualTo("CredentialRejected");
    assertThat(verdict.blocked().get().getMessage()).contains(SERVER).contains("HTTP 401");
    RegistryCheckStatus status = verdict.registries().get(0);
    assertThat(status.getOutcome()).isEqualTo("Rejected");
    assertThat(status.getHttpStatus()).isEqualTo(401);

    checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("bad"));
    assertThat(registry.calls).as("handshakes within the refresh interval").isEqualTo(1);
    clock.advance(Duration.ofMinutes(5));
    checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("bad"));
    assertThat(registry.calls).as("handshakes once the refresh interval passed").isEqualTo(2);
  }

  @Test
  void warnLetsARejectedCredentialThroughWithAWarningEventAndACount() throws Exception {
    registry.answer.set(new RegistryCheck.Rejected(403, "GET https://auth.example.com/token"));
    CredentialChecks.Verdict verdict =
        checks.verify(sync("a"), settings("a", Verify.Warn), resolved("bad"));

    assertThat(verdict.blocked()).isEmpty();
    assertThat(verdict.registries())
        .extracting(RegistryCheckStatus::getOutcome)
        .containsExactly("Rejected");
    assertThat(events).containsExactly("Warning CredentialRejected");
    assertThat(metrics.scrape())
        .contains(
            "pullwarden_registry_checks_total{outcome=\"Rejected\",server=\""
                + SERVER
                + "\",sync=\"a\"} 1.0");
  }

  @Test
  void unverifiedNeverBlocksAndOffNeverCalls() throws Exception {
    registry.answer.set(new RegistryCheck.Unverified("could not connect"));
    CredentialChecks.Verdict verdict =
        checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("pw"));
    assertThat(verdict.blocked()).isEmpty();
    assertThat(verdict.registries().get(0).getOutcome()).isEqualTo("Unverified");

    CredentialChecks.Verdict off =
        checks.verify(sync("b"), settings("b", Verify.Off), resolved("x"));
    assertThat(off.registries()).isEmpty();
    assertThat(registry.calls).isEqualTo(1);
  }

  @Test
  void aServerTheSourceDoesNotListNeverGetsTheCredential() throws Exception {
    registry.answer.set(new RegistryCheck.Rejected(401, "GET https://" + SERVER + "/v2/"));
    allowed.clear();
    allowed.add("registry.example.org");
    CredentialChecks.Verdict verdict =
        checks.verify(sync("a"), settings("a", Verify.Enforce), resolved("pw"));

    assertThat(registry.calls).as("handshakes with a server the source does not list").isZero();
    assertThat(verdict.blocked()).isEmpty();
    assertThat(verdict.registries().get(0).getOutcome()).isEqualTo("Unverified");
    assertThat(verdict.registries().get(0).getMessage()).contains("spec.verifyRegistries");
  }

  @Test
  void theSourcesListBoundsTheTokenServicesTheLoginMayGoTo() throws Exception {
    registry.answer.set(new RegistryCheck.Accepted("ok"));
    allowed.add("auth.example.org");
    checks.verify(sync("a"), settings("a", Verify.Warn), resolved("pw"));
    assertThat(registry.last.realmHosts()).containsExactly("*.example.com", "auth.example.org");
  }

  @ParameterizedTest(name = "{0}, insecureSkipTLSVerify {1}, source lists {2}: sent {3}")
  @CsvSource({
    "https://registry.example.com, false, *.example.com, true",
    "http://registry.example.com, false, *.example.com, false",
    "registry.example.com, true, *.example.com, false",
    "http://registry.example.com, false, http://*.example.com, true",
    "registry.example.com, true, http://registry.example.com, true",
  })
  void aWeakTransportNeedsTheSourcesOwnerToListTheServerAsHttp(
      String server, boolean insecure, String listed, boolean sent) throws Exception {
    registry.answer.set(new RegistryCheck.Accepted("ok"));
    allowed.clear();
    allowed.add(listed);
    SyncSettings settings = settings("weak", Verify.Enforce);
    settings.spec().getRegistries().get(0).setInsecureSkipTLSVerify(insecure);

    CredentialChecks.Verdict verdict =
        checks.verify(sync("weak"), settings, resolvedFor(server, "pw"));

    assertThat(registry.calls).as("handshakes").isEqualTo(sent ? 1 : 0);
    if (!sent) {
      assertThat(verdict.registries().get(0).getMessage()).contains("as http://host");
    }
  }

  private Optional<CredentialSource> source(String name) {
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setVerifyRegistries(List.copyOf(allowed));
    source.setSpec(spec);
    return Optional.of(source);
  }

  private static PullSecretSync sync(String name) {
    PullSecretSync sync = new PullSecretSync();
    sync.getMetadata().setName(name);
    sync.getMetadata().setGeneration(1L);
    return sync;
  }

  private static SyncSettings settings(String name, Verify verify) throws SyncBlocked {
    return settings(name, verify, "5m");
  }

  private static SyncSettings settings(String name, Verify verify, String refreshInterval)
      throws SyncBlocked {
    PullSecretSync sync = sync(name);
    PullSecretSyncSpec spec = new PullSecretSyncSpec();
    spec.setSecretName("pull");
    RegistrySpec registry = new RegistrySpec();
    registry.setServer(SERVER);
    registry.setSourceRef("source");
    registry.setVerify(verify);
    spec.setRegistries(List.of(registry));
    spec.setRefreshInterval(refreshInterval);
    sync.setSpec(spec);
    return SyncSettings.parse(sync);
  }

  private RegistryCredentials.Resolved resolved(String password) {
    return resolvedFor(SERVER, password);
  }

  private RegistryCredentials.Resolved resolvedFor(String server, String password) {
    return new RegistryCredentials.Resolved(
        TestLogins.robot(server, password),
        Optional.empty(),
        Map.of(),
        clock.instant(),
        Set.of(),
        SourceGrants.of(List.of()),
        List.of(Set.of(server)));
  }

  private static final class FakeCheck implements RegistryCheck {
    final AtomicReference<Outcome> answer = new AtomicReference<>();
    int calls;
    Target last;

    @Override
    public synchronized Outcome check(Target target) {
      calls++;
      last = target;
      return answer.get();
    }
  }

  private record ListEvents(List<String> posted) implements Events {
    @Override
    public void normal(HasMetadata about, String reason, String message) {
      posted.add("Normal " + reason);
    }

    @Override
    public void warning(HasMetadata about, String reason, String message) {
      posted.add("Warning " + reason);
    }
  }
}
