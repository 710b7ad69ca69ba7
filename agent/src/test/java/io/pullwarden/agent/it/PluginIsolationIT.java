package io.pullwarden.agent.it;

import static io.pullwarden.agent.plugins.TestPluginJar.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.pullwarden.agent.Agent;
import io.pullwarden.agent.customresource.AllowedNamespaces;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.CredentialSourceSpec;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.ResilienceSpec;
import io.pullwarden.agent.plugins.PluginCatalog;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Misbehaving plugins stay in their lanes, against the real API server: an agent loads, through
 * PF4J, a plugin whose {@code open} never returns, one whose {@code open} throws with a password in
 * the message, and the shipped kubernetes-secret plugin jar. The working source's sync is written
 * while the others are stuck; the stuck ones report a named reason, are retried on their own
 * backoff (short numbers here) and never show the password.
 */
@ExtendWith(OwnApiServer.class)
class PluginIsolationIT {

  private static final String SECRET = "hunter2";

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final Logger AGENT_LOGGER = (Logger) LoggerFactory.getLogger("io.pullwarden");
  private static KubernetesClient client;
  private static PluginCatalog catalog;
  private static Agent agent;
  private static TestCluster cluster;

  @BeforeAll
  static void start(KubernetesServer server, @TempDir Path work) throws Exception {
    Distribution distribution = Distribution.unpack(work.resolve("dist"));
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    try (Stream<Path> shipped = Files.list(distribution.home().resolve("plugins"))) {
      Path kubernetesSecret =
          shipped
              .filter(jar -> jar.getFileName().toString().contains("kubernetes-secret"))
              .findFirst()
              .orElseThrow();
      Files.copy(kubernetesSecret, plugins.resolve(kubernetesSecret.getFileName()));
    }
    plugin("hanging-open").serving("hangs").hangingOpen().writeTo(plugins);
    plugin("throwing-open").serving("throws").throwingOpen("password=" + SECRET).writeTo(plugins);
    catalog = PluginCatalog.load(plugins);
    assertThat(catalog.types()).containsExactlyInAnyOrder("hangs", "throws", "kubernetes-secret");

    AGENT_LOGGER.setLevel(Level.DEBUG);
    LOGS.start();
    AGENT_LOGGER.addAppender(LOGS);
    client = server.newClient();
    agent = RunningAgent.startAgent(client, catalog);
    cluster = new TestCluster(client);
  }

  @AfterAll
  static void stop() {
    agent.close();
    catalog.close();
    client.close();
    AGENT_LOGGER.detachAppender(LOGS);
    AGENT_LOGGER.setLevel(Level.INFO);
  }

  @Test
  void aWorkingSourceIsWrittenWhileAHungAndAThrowingPluginAreStuck() {
    cluster.namespace("iso-app", Map.of("iso", "true"));
    source("iso-hangs", "hangs");
    source("iso-throws", "throws");
    cluster.sync("iso-hung", "iso-hangs", "unused", "hung.iso.test", "iso", spec -> {});
    cluster.sync("iso-thrown", "iso-throws", "unused", "thrown.iso.test", "iso", spec -> {});
    awaitReason("iso-hung", "SourceTimeout");

    cluster.centralLogin("iso-good", "iso-cred", "robot", "works");
    source("iso-good", "kubernetes-secret");
    cluster.sync("iso-good", "iso-good", "iso-cred", "good.iso.test", "iso", spec -> {});

    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () ->
                assertThat(cluster.writtenPassword("iso-app", "iso-good-pull", "good.iso.test"))
                    .contains("works"));
    cluster.awaitCondition("iso-good", "Ready", "True");
    assertThat(awaitReason("iso-hung", "SourceTimeout").getMessage())
        .isEqualTo(
            "CredentialSource iso-hangs: the hangs plugin did not finish open within 1s"
                + " (spec.resilience.timeout); raise it if the store is slow");
    assertThat(awaitReason("iso-thrown", "PluginFailed").getMessage())
        .startsWith(
            "CredentialSource iso-throws: the throws plugin failed in open with"
                + " java.lang.IllegalStateException");
    assertThat(awaitSourceReason("iso-hangs", "SourceTimeout").getStatus()).isEqualTo("False");
    assertThat(awaitSourceReason("iso-throws", "PluginFailed").getStatus()).isEqualTo("False");
    assertThat(cluster.secret("iso-app", "iso-hung-pull")).isNull();
    assertThat(cluster.secret("iso-app", "iso-thrown-pull")).isNull();

    // Retried on their own backoff, not given up after the operator framework's retries.
    await()
        .atMost(TestCluster.PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(requests("iso-throws", "plugin_error")).isGreaterThanOrEqualTo(4);
              assertThat(requests("iso-hangs", "timeout")).isGreaterThanOrEqualTo(3);
            });
    assertNoSecretAnywhere();
  }

  @Test
  void aChangedSourceThatCannotOpenIsNoLongerReadyAndItsSecretStaysAsItWas() {
    cluster.namespace("iso-change", Map.of("iso-change", "true"));
    cluster.centralLogin("iso-changing", "iso-changing-cred", "robot", "before");
    source("iso-changing", "kubernetes-secret");
    cluster.sync(
        "iso-changing",
        "iso-changing",
        "iso-changing-cred",
        "change.iso.test",
        "iso-change",
        s -> {});
    cluster.awaitCondition("iso-changing", "Ready", "True");

    source("iso-changing", "throws");

    assertThat(awaitReason("iso-changing", "PluginFailed").getStatus()).isEqualTo("False");
    cluster.awaitCondition("iso-changing", "Degraded", "True");
    assertThat(cluster.writtenPassword("iso-change", "iso-changing-pull", "change.iso.test"))
        .as("existing Secrets are left as they are")
        .contains("before");
    assertNoSecretAnywhere();
  }

  /** A CredentialSource of {@code type}, allowed everywhere, whose calls may take a second. */
  private static void source(String name, String type) {
    AllowedNamespaces everywhere = new AllowedNamespaces();
    everywhere.setSelector(new LabelSelector());
    ResilienceSpec resilience = new ResilienceSpec();
    resilience.setTimeout("1s");
    CredentialSourceSpec spec = new CredentialSourceSpec();
    spec.setType(type);
    spec.setConfig(Map.of("namespace", RunningAgent.AGENT_NAMESPACE));
    spec.setTargetNamespaces(everywhere);
    spec.setResilience(resilience);
    CredentialSource source = new CredentialSource();
    source.getMetadata().setName(name);
    source.setSpec(spec);
    client.resource(source).serverSideApply();
  }

  /** Waits until the sync's Ready condition has {@code reason}; returns it. */
  private static Condition awaitReason(String sync, String reason) {
    return StatusConditions.awaitReason(
        "PullSecretSync " + sync, () -> cluster.getSync(sync).getStatus(), "Ready", reason);
  }

  private static Condition awaitSourceReason(String source, String reason) {
    return StatusConditions.awaitReason(
        "CredentialSource " + source, () -> cluster.getSource(source).getStatus(), "Ready", reason);
  }

  /** The count of {@code pullwarden_source_requests_total} for the source and outcome. */
  private static double requests(String source, String outcome) {
    return agent
        .metrics()
        .scrape()
        .lines()
        .filter(line -> line.startsWith("pullwarden_source_requests_total{"))
        .filter(line -> line.contains("source=\"" + source + "\""))
        .filter(line -> line.contains("outcome=\"" + outcome + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void assertNoSecretAnywhere() {
    List<String> places =
        List.of(
            Serialization.asJson(client.resources(PullSecretSync.class).list()),
            Serialization.asJson(client.resources(CredentialSource.class).list()),
            Serialization.asJson(client.v1().events().inAnyNamespace().list()),
            agent.metrics().scrape(),
            logged());
    for (String text : places) {
      assertThat(text).doesNotContain(SECRET);
    }
  }

  private static String logged() {
    StringBuilder text = new StringBuilder();
    List<ILoggingEvent> events;
    synchronized (LOGS) {
      events = List.copyOf(LOGS.list);
    }
    for (ILoggingEvent event : events) {
      text.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    return text.toString();
  }
}
