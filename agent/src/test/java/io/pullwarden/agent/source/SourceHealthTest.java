package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.agent.source.SourceHealth.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceHealthTest {

  private final SourceHealth health = new SourceHealth();
  private final List<String> told = new ArrayList<>();

  SourceHealthTest() {
    health.onChange(told::add);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "fetch,   success,        true,  Ready",
        "version, auth_failed,    false, SourceAuthFailed",
        "version, unavailable,    false, SourceUnavailable",
        "renew,   timeout,        false, SourceTimeout",
        "fetch,   circuit_open,   false, CircuitOpen",
        "revoke,  plugin_error,   false, PluginFailed",
        "open,    invalid_config, false, InvalidConfig",
        "open,    not_found,      false, NotFound",
        "health,  not_found,      false, NotFound",
        "fetch,   not_found,      -,     -",
        "fetch,   invalid_config, -,     -",
        "version, rate_limited,   -,     -",
      })
  void eachOutcomeShowsItsReasonAndARefsOwnFailureShowsNothing(
      String operation, String outcome, Boolean ready, String reason) {
    Optional<State> state = SourceHealth.after(operation, outcome, "why");

    assertThat(state.map(State::ready)).isEqualTo(Optional.ofNullable(ready));
    assertThat(state.map(State::reason)).isEqualTo(Optional.ofNullable(reason));
  }

  @Test
  void onlyAChangeFromTheReportedStateIsToldAndReportedOnce() {
    health.record("src", "version", "unavailable", "sealed");
    assertThat(told).as("before the first report the reconciler runs anyway").isEmpty();
    assertThat(health.checked("src", State.working(), health.mark("src")))
        .as("a call that ended before the check is older than it")
        .isEqualTo(State.working());

    health.record("src", "version", "success", null);
    health.record("src", "fetch", "success", null);
    health.record("src", "fetch", "not_found", "secret/x does not exist");
    assertThat(told).as("a quiet refresh").isEmpty();
    assertThat(health.changed("src")).isEmpty();

    health.record("src", "version", "unavailable", "sealed");
    health.record("src", "version", "unavailable", "sealed");
    health.record("src", "fetch", "circuit_open", "the circuit is open");
    assertThat(told).as("told once until reported").containsExactly("src");
    assertThat(health.changed("src"))
        .contains(State.failing("CircuitOpen", "fetch failed: the circuit is open"));
    assertThat(health.changed("src")).as("reported already").isEmpty();

    health.record("src", "fetch", "circuit_open", "the circuit is open");
    assertThat(told).hasSize(1);
    health.record("src", "version", "success", null);
    assertThat(told).containsExactly("src", "src");
    assertThat(health.changed("src")).contains(State.working());
  }

  @Test
  void aChangeThatFlipsBackBeforeItIsReportedIsNoChange() {
    health.checked("src", State.working(), health.mark("src"));
    health.record("src", "version", "timeout", "slow");
    health.record("src", "version", "success", null);

    assertThat(told).hasSize(1);
    assertThat(health.changed("src")).isEmpty();
  }

  @Test
  void aCallThatEndsDuringTheReconcilersOwnCheckIsNewerThanTheCheck() {
    health.checked("src", State.working(), health.mark("src"));
    long mark = health.mark("src");
    health.record("src", "fetch", "auth_failed", "permission denied");

    State reported = health.checked("src", State.working(), mark);

    assertThat(reported)
        .isEqualTo(State.failing("SourceAuthFailed", "fetch failed: permission denied"));
    assertThat(health.checked("src", State.working(), health.mark("src")))
        .isEqualTo(State.working());
  }
}
