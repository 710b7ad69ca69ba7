package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenKeeperTest {

  private static final Path TOKEN_PATH = Path.of("/var/run/secrets/token");

  private final FakeGateway gateway = new FakeGateway();
  private final FakeSourceContext context = new FakeSourceContext();
  private final TokenKeeper keeper =
      new TokenKeeper(gateway, new KubernetesLogin("kubernetes", "puller", TOKEN_PATH), context);

  @BeforeEach
  void shortLivedTokens() {
    context.tokens.put(TOKEN_PATH, "jwt-1");
    gateway.loginTtl = Duration.ofSeconds(6);
    gateway.renewalTtl = Duration.ofSeconds(6);
  }

  @Test
  void eachLoginReadsTheServiceAccountTokenAfresh() throws Exception {
    keeper.loginNow();
    context.tokens.put(TOKEN_PATH, "jwt-2");
    keeper.loginNow();

    assertThat(gateway.calls)
        .containsExactly(
            "login kubernetes kubernetes puller jwt-1", "login kubernetes kubernetes puller jwt-2");
  }

  @Test
  void renewsTwoThirdsIntoTheTtlAndKeepsTheToken() throws Exception {
    String token = keeper.loginNow().token();
    context.clock.advance(Duration.ofSeconds(4));

    Duration next = keeper.maintain();

    assertThat(gateway.count("renew-self")).isEqualTo(1);
    assertThat(keeper.renewals()).isEqualTo(1);
    assertThat(keeper.logins()).isEqualTo(1);
    assertThat(keeper.current().token()).isEqualTo(token);
    assertThat(keeper.current().obtainedAt()).isEqualTo(context.clock.instant());
    assertThat(next).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void logsInInsteadOnceVaultCutsARenewalShort() throws Exception {
    keeper.loginNow();
    gateway.renewalTtl = Duration.ofSeconds(2);
    keeper.maintain();
    keeper.maintain();

    assertThat(gateway.count("renew-self")).isEqualTo(1);
    assertThat(keeper.logins()).isEqualTo(2);
    assertThat(keeper.current().grant().ttl()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void logsInInsteadWhenTheTokenCannotBeRenewed() throws Exception {
    gateway.renewable = false;
    keeper.loginNow();
    keeper.maintain();

    assertThat(gateway.count("renew-self")).isZero();
    assertThat(keeper.logins()).isEqualTo(2);
  }

  @Test
  void logsInWhenVaultRefusesTheRenewal() throws Exception {
    keeper.loginNow();
    gateway.revokeAllTokens();
    keeper.maintain();

    assertThat(gateway.count("renew-self")).isEqualTo(1);
    assertThat(keeper.logins()).isEqualTo(2);
    assertThat(keeper.current().token()).isEqualTo("token-2");
    assertThat(keeper.problem()).isEmpty();
  }

  @Test
  void aTransientRenewalFailureIsRetriedSoonWithoutLoggingIn() throws Exception {
    keeper.loginNow();
    context.clock.advance(Duration.ofSeconds(4));
    gateway.renewalFailure = new VaultFailure(503, List.of("Vault is sealed"));

    assertThat(keeper.maintain()).isEqualTo(Duration.ofMillis(666));
    assertThat(keeper.logins()).isEqualTo(1);
    assertThat(keeper.problem()).isEmpty();
  }

  @Test
  void aRefusedLoginIsReportedAndRetriedUntilItWorks() throws Exception {
    gateway.renewable = false;
    keeper.loginNow();
    gateway.loginFailure = new VaultFailure(403, List.of("permission denied"));

    assertThat(keeper.maintain()).isEqualTo(Duration.ofSeconds(2));
    assertThat(keeper.problem())
        .get()
        .asString()
        .contains("refused the kubernetes login (mount auth/kubernetes, role 'puller')");

    gateway.loginFailure = null;
    keeper.maintain();
    assertThat(keeper.problem()).isEmpty();
  }

  @Test
  void aRefusedCallLogsInAgainOnceAndIsRepeated() throws Exception {
    keeper.loginNow();
    gateway.answers.put("secret/data/a", Map.of("data", Map.of()));
    gateway.revokeAllTokens();

    Map<String, Object> answer = keeper.call(token -> gateway.read(token, "secret/data/a", ""));

    assertThat(answer).containsKey("data");
    assertThat(keeper.logins()).isEqualTo(2);
    assertThat(gateway.count("read")).isEqualTo(2);
  }

  @Test
  void aCallRefusedAgainAfterANewLoginGivesUp() throws Exception {
    keeper.loginNow();

    assertThatThrownBy(
            () ->
                keeper.call(
                    token -> {
                      throw new VaultFailure(403, List.of("permission denied"));
                    }))
        .isInstanceOf(VaultFailure.class);
    assertThat(keeper.logins()).isEqualTo(2);
  }

  @Test
  void anExpiredTokenIsReplacedBeforeTheCall() throws Exception {
    keeper.loginNow();
    gateway.answers.put("secret/data/a", Map.of("data", Map.of()));
    context.clock.advance(Duration.ofSeconds(7));

    keeper.call(token -> gateway.read(token, "secret/data/a", ""));

    assertThat(gateway.calls).hasSize(3).last().isEqualTo("read secret/data/a");
    assertThat(keeper.logins()).isEqualTo(2);
  }

  @Test
  void aTokenThatNeverExpiresIsLeftAlone() throws Exception {
    gateway.loginTtl = Duration.ZERO;
    keeper.loginNow();

    assertThat(keeper.maintain()).isNull();
    assertThat(gateway.calls).hasSize(1);
  }

  @Test
  void theBackgroundThreadRenewsUntilClosed() throws Exception {
    gateway.loginTtl = Duration.ofMillis(900);
    gateway.renewalTtl = Duration.ofMillis(900);
    TokenKeeper background =
        TokenKeeper.start(
            gateway, new KubernetesLogin("kubernetes", "puller", TOKEN_PATH), context);
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> background.renewals() >= 2);
    } finally {
      background.close();
    }
    long renewals = gateway.count("renew-self");
    await()
        .during(Duration.ofMillis(1200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> gateway.count("renew-self") == renewals);
    assertThat(background.logins()).isEqualTo(1);
  }
}
