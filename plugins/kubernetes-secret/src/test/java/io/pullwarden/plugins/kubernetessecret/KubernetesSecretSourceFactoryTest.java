package io.pullwarden.plugins.kubernetessecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.testkit.InMemorySourceContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesSecretSourceFactoryTest {

  private final KubernetesSecretSourceFactory factory = new KubernetesSecretSourceFactory();
  private final InMemorySourceContext context = new InMemorySourceContext("pullwarden");

  @Test
  void acceptsAnEmptyConfigAndANamespace() {
    assertThat(factory.type()).isEqualTo("kubernetes-secret");
    assertThat(factory.validate(config(Map.of())).problems()).isEmpty();
    assertThat(factory.validate(config(Map.of("namespace", "registry-creds"))).problems())
        .isEmpty();
  }

  @Test
  void reportsEveryProblemByField() {
    assertThat(factory.validate(config(Map.of("namespace", 42))).problems())
        .containsExactly("spec.config.namespace must be a string, not a number");
    assertThat(factory.validate(config(Map.of("namespace", "Registry_Creds"))).problems())
        .singleElement()
        .asString()
        .startsWith("spec.config.namespace must be a namespace name");
    assertThat(factory.validate(config(Map.of("namepsace", "x", "region", "y"))).problems())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("spec.config.namepsace is not"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.config.region is not"));
  }

  @Test
  void openRefusesAnInvalidConfig() {
    assertThatThrownBy(() -> factory.open(config(Map.of("namespace", "A")), context))
        .isInstanceOf(SourceException.InvalidConfig.class)
        .hasMessageContaining("spec.config.namespace");
  }

  @Test
  void readsFromTheAgentNamespaceByDefault() throws Exception {
    context.secrets().put("pullwarden", "central", Map.of("username", "robot", "password", "pw-1"));
    try (CredentialSession session = factory.open(config(Map.of()), context)) {
      assertThat(session.fetch(ref(Map.of("name", "central"))).secret())
          .isEqualTo(new UsernamePassword("robot", "pw-1"));
    }
  }

  @Test
  void watchesEachSecretOnceAndSignalsItsChanges() throws Exception {
    context.secrets().put("creds", "central", Map.of("username", "robot", "password", "pw-1"));
    try (CredentialSession session = factory.open(config(Map.of("namespace", "creds")), context)) {
      Settings ref = ref(Map.of("name", "central"));
      String first = session.version(ref).orElseThrow();
      session.fetch(ref);
      session.fetch(ref);
      assertThat(context.openWatches()).isEqualTo(1);

      context.secrets().put("creds", "central", Map.of("username", "robot", "password", "pw-2"));
      assertThat(context.changeSignals()).isEqualTo(1);
      assertThat(session.version(ref)).isPresent().get().isNotEqualTo(first);
    }
  }

  @Test
  void missingSecretIsNotFoundAndStillWatched() throws Exception {
    try (CredentialSession session = factory.open(config(Map.of("namespace", "creds")), context)) {
      Settings ref = ref(Map.of("name", "later"));
      assertThatThrownBy(() -> session.fetch(ref))
          .isInstanceOf(SourceException.NotFound.class)
          .hasMessage(
              "Secret creds/later does not exist; create it or correct spec.registries[0].ref.name");

      context.secrets().put("creds", "later", Map.of("username", "robot", "password", "pw-1"));
      assertThat(context.changeSignals()).isEqualTo(1);
    }
  }

  @Test
  void rejectsRefsThatNameANamespaceOrAnUnknownFieldOrNoName() throws Exception {
    try (CredentialSession session = factory.open(config(Map.of()), context)) {
      assertThatThrownBy(() -> session.fetch(ref(Map.of("name", "a", "namespace", "kube-system"))))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageStartingWith("spec.registries[0].ref.namespace is not supported");
      assertThatThrownBy(() -> session.fetch(ref(Map.of("name", "a", "passwordkey", "p"))))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessageStartingWith("spec.registries[0].ref.passwordkey is not a kubernetes-secret");
      assertThatThrownBy(() -> session.version(ref(Map.of())))
          .isInstanceOf(SourceException.InvalidConfig.class)
          .hasMessage("spec.registries[0].ref.name is required");
      assertThat(context.openWatches()).as("watches opened for refs that were refused").isZero();
    }
  }

  @Test
  void closeEndsWatchesAndReadiness() throws Exception {
    context.secrets().put("pullwarden", "a", Map.of("username", "robot", "password", "pw-1"));
    CredentialSession session = factory.open(config(Map.of()), context);
    assertThat(session.health()).isEqualTo(Health.ready());
    session.fetch(ref(Map.of("name", "a")));
    assertThatThrownBy(() -> session.fetch(ref(Map.of("name", "b"))))
        .isInstanceOf(SourceException.NotFound.class);
    assertThat(context.openWatches()).isEqualTo(2);

    session.close();
    session.close();
    assertThat(context.openWatches()).isZero();
    assertThat(session.health().state()).isEqualTo(Health.State.ERROR);
    assertThatThrownBy(() -> session.fetch(ref(Map.of("name", "a"))))
        .isInstanceOf(IllegalStateException.class);
  }

  private static Settings config(Map<String, Object> values) {
    return Settings.of("spec.config", values);
  }

  private static Settings ref(Map<String, Object> values) {
    return Settings.of("spec.registries[0].ref", values);
  }
}
