package io.pullwarden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
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
  private static final long POLL_MILLIS = 20;

  private final Map<String, Holding> byNamespace = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Secret> informer;

  ManagedSecretWatch(KubernetesClient client) {
    this.informer =
        client
            .secrets()
            .inAnyNamespace()
            .withLabel("app.kubernetes.io/managed-by", "pullwarden")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Secret secret) {
                    seen(secret);
                  }

                  @Override
                  public void onUpdate(Secret before, Secret after) {
                    seen(after);
                  }

                  @Override
                  public void onDelete(Secret secret, boolean finalStateUnknown) {
                    byNamespace.remove(secret.getMetadata().getNamespace());
                  }
                });
  }

  /** When (nanoTime) the first and the last of a set of namespaces were seen current. */
  record Arrival(long firstNanos, long lastNanos) {}

  /**
   * Waits until every namespace in {@code namespaces} holds {@code password}; returns the moments
   * the first and the last of them were first seen holding it. {@code progress} hears the count.
   */
  Arrival awaitAll(
      Collection<String> namespaces, String password, Duration patience, IntConsumer progress)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      int done = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (String namespace : namespaces) {
        Holding holding = byNamespace.get(namespace);
        if (holding != null && password.equals(holding.password())) {
          done++;
          first = Math.min(first, holding.sinceNanos());
          last = Math.max(last, holding.sinceNanos());
        }
      }
      if (done == namespaces.size()) {
        return new Arrival(first, last);
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new TimeoutException(
            done + " of " + namespaces.size() + " namespaces current after " + patience);
      }
      if (now > nextReport) {
        progress.accept(done);
        nextReport = now + Duration.ofSeconds(5).toNanos();
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Waits until {@code namespace} holds {@code password}; returns when that was first seen. */
  long awaitOne(String namespace, String password, Duration patience)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Holding holding = byNamespace.get(namespace);
      if (holding != null && password.equals(holding.password())) {
        return holding.sinceNanos();
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(namespace + " got no current Secret within " + patience);
      }
      Thread.sleep(POLL_MILLIS / 4);
    }
  }

  private void seen(Secret secret) {
    if (!BenchCluster.SECRET_NAME.equals(secret.getMetadata().getName())) {
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
