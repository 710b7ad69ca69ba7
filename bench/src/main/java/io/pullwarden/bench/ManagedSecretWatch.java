package io.pullwarden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * What the managed Secrets hold, as a watch sees it: for each namespace, the password in the sync's
 * Secret and the moment the watch first delivered it. Fan-out and new-namespace times are taken
 * from these moments, so they end when the API server says the content is there — not when the
 * agent thinks it wrote it, and not when a poll happened to look.
 */
final class ManagedSecretWatch implements AutoCloseable {

  /**
   * The password a namespace's Secret holds, since {@code sinceNanos} ({@link System#nanoTime}).
   */
  record Holding(String password, long sinceNanos) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Holding> byNamespace = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Secret> informer;
  private final Predicate<String> counted;

  /** Watches the fan-out benchmark's Secret, {@link BenchCluster#SECRET_NAME}. */
  ManagedSecretWatch(KubernetesClient client) {
    this(client, BenchCluster.SECRET_NAME::equals);
  }

  /**
   * Watches the managed Secrets whose name is {@code counted}; there must be at most one of them in
   * each namespace.
   */
  ManagedSecretWatch(KubernetesClient client, Predicate<String> counted) {
    this.counted = counted;
    this.informer =
        Arrivals.watch(
            client
                .secrets()
                .inAnyNamespace()
                .withLabel("app.kubernetes.io/managed-by", "pullwarden"),
            this::seen,
            this::gone);
  }

  /**
   * Waits until every namespace in {@code namespaces} holds {@code password}; returns the moments
   * the first and the last of them were first seen holding it. {@code progress} hears the count.
   */
  Arrivals.Arrival awaitAll(
      Collection<String> namespaces, String password, Duration patience, IntConsumer progress)
      throws TimeoutException, InterruptedException {
    return Arrivals.awaitAll(namespaces, ns -> holdingSince(ns, password), patience, progress);
  }

  /** Waits until {@code namespace} holds {@code password}; returns when that was first seen. */
  long awaitOne(String namespace, String password, Duration patience)
      throws TimeoutException, InterruptedException {
    return Arrivals.awaitOne(namespace, ns -> holdingSince(ns, password), patience);
  }

  /** Since when {@code namespace} holds {@code password}, or null if it does not. */
  private Long holdingSince(String namespace, String password) {
    Holding holding = byNamespace.get(namespace);
    return holding != null && password.equals(holding.password()) ? holding.sinceNanos() : null;
  }

  /**
   * A deleted Secret this watch counts: its namespace holds nothing now. Another managed Secret
   * going (the store phase's sync removing its own) leaves the count alone.
   */
  private void gone(Secret secret) {
    if (counted.test(secret.getMetadata().getName())) {
      byNamespace.remove(secret.getMetadata().getNamespace());
    }
  }

  private void seen(Secret secret) {
    if (!counted.test(secret.getMetadata().getName())) {
      return;
    }
    long now = System.nanoTime();
    String password = password(secret);
    byNamespace.compute(
        secret.getMetadata().getNamespace(),
        (ns, old) ->
            old != null && Objects.equals(old.password(), password)
                ? old
                : new Holding(password, now));
  }

  /** The password for the benchmark's registry in a written Secret, or null if it has none. */
  static String password(Secret secret) {
    String document = secret.getData() == null ? null : secret.getData().get(".dockerconfigjson");
    if (document == null) {
      return null;
    }
    try {
      JsonNode auth =
          JSON.readTree(Base64.getDecoder().decode(document))
              .path("auths")
              .path(BenchCluster.SERVER)
              .path("auth");
      if (!auth.isTextual()) {
        return null;
      }
      String login = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
      return login.substring(login.indexOf(':') + 1);
    } catch (IOException | IllegalArgumentException malformed) {
      return null;
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
