package io.pullwarden.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemorySecretsTest {

  private final InMemorySecrets secrets = new InMemorySecrets("pullwarden");

  @Test
  void eachPutIsReadBackWithANewResourceVersion() {
    String first = secrets.put("ns", "login", Map.of("password", "one")).resourceVersion();
    String second = secrets.put("ns", "login", Map.of("password", "two")).resourceVersion();

    assertThat(second).isNotEqualTo(first);
    assertThat(secrets.get("ns", "login").orElseThrow().text("password")).contains("two");
    assertThat(secrets.get("other", "login")).isEmpty();
  }

  @Test
  void aWatchFiresOnChangesToItsSecretOnlyUntilClosed() throws Exception {
    AtomicInteger changes = new AtomicInteger();
    AutoCloseable watch = secrets.watch("ns", "login", changes::incrementAndGet);
    secrets.put("ns", "other", Map.of("password", "x"));
    secrets.put("ns", "login", Map.of("password", "one"));
    secrets.delete("ns", "login");
    assertThat(changes).hasValue(2);
    assertThat(secrets.openWatches()).isOne();

    watch.close();
    secrets.put("ns", "login", Map.of("password", "two"));
    assertThat(changes).hasValue(2);
    assertThat(secrets.openWatches()).isZero();
  }

  @Test
  void theContextCountsSignalsAndServesTokensItWasGiven() throws Exception {
    InMemorySourceContext context = new InMemorySourceContext("pullwarden");
    context.putToken(Path.of("/tokens/vault"), "t0ken");
    context.signalChange();

    assertThat(context.changeSignals()).isOne();
    assertThat(context.serviceAccountToken(Path.of("/tokens/vault"))).isEqualTo("t0ken");
    assertThat(context.secrets().agentNamespace()).isEqualTo("pullwarden");
  }
}
