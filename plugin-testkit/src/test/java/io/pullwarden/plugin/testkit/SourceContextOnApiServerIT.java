package io.pullwarden.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KubernetesExtension.class)
class SourceContextOnApiServerIT {

  private static final String NAMESPACE = "testkit-context";
  private static TestSourceContext context;

  @BeforeAll
  static void start(KubernetesServer server) {
    context = new TestSourceContext(server, NAMESPACE);
    context
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void getReturnsDecodedDataAndResourceVersion() throws Exception {
    Secret created = write("plain", Map.of("username", "someone"));

    SecretData data = context.secrets().get(NAMESPACE, "plain").orElseThrow();
    assertThat(data.text("username")).contains("someone");
    assertThat(data.resourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(context.secrets().get(NAMESPACE, "absent")).isEmpty();
    assertThat(context.secrets().agentNamespace()).isEqualTo(NAMESPACE);
  }

  @Test
  void watchReportsLaterChangesOfThatSecretOnlyUntilClosed() throws Exception {
    write("watched", Map.of("k", "1"));
    AtomicInteger calls = new AtomicInteger();
    AutoCloseable watch = context.secrets().watch(NAMESPACE, "watched", calls::incrementAndGet);
    assertThat(context.openWatches()).isEqualTo(1);

    write("other", Map.of("k", "1"));
    write("watched", Map.of("k", "2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
    write("other", Map.of("k", "2"));
    Thread.sleep(500);
    assertThat(calls).as("events for the watched Secret's update only").hasValue(1);

    watch.close();
    assertThat(context.openWatches()).isZero();
  }

  @Test
  void signalsAreCounted() {
    int before = context.changeSignals();
    context.signalChange();
    context.signalChange();
    assertThat(context.changeSignals()).isEqualTo(before + 2);
  }

  @Test
  void clockIsSettable() {
    Instant start = context.clock().instant();
    context.clock().advance(Duration.ofHours(2));
    assertThat(context.clock().instant()).isEqualTo(start.plus(Duration.ofHours(2)));
    context.clock().set(start);
    assertThat(context.clock().instant()).isEqualTo(start);
  }

  @Test
  void serviceAccountTokenIsReadFromTheFile(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "header.payload.sig\n");
    assertThat(context.serviceAccountToken(token)).isEqualTo("header.payload.sig");
    assertThatThrownBy(() -> context.serviceAccountToken(dir.resolve("absent")))
        .isInstanceOf(SourceException.AuthFailed.class)
        .hasMessageContaining("absent");
  }

  private static Secret write(String name, Map<String, String> data) {
    return context
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .serverSideApply();
  }
}
