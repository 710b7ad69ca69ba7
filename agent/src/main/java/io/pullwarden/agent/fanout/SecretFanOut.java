package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.PullSecretSyncSpec.ConflictPolicy;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.fanout.NamespaceOutcome.Result;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes one Secret into many namespaces: from memory, with bounded concurrency, and only into the
 * namespaces the caller's plan found not current in the managed-Secret cache, so a quiet refresh
 * makes no API writes. Each namespace stands alone: its failure is recorded and the others go on.
 */
public final class SecretFanOut implements SecretRemovals, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SecretFanOut.class);

  private final KubernetesClient client;
  private final MergePatches patches;
  private final Semaphore permits;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param concurrency how many writes may be in flight at once
   */
  public SecretFanOut(KubernetesClient client, int concurrency) {
    this.client = client;
    this.patches = new MergePatches(client);
    this.permits = new Semaphore(concurrency);
  }

  /** What one sync wants written, and how to treat a same-named Secret it did not write. */
  public record Plan(
      String sync,
      String secretName,
      ConflictPolicy conflicts,
      DockerConfig config,
      TemplateMetadata template) {}

  /**
   * Writes {@code plan}'s Secret into every namespace in {@code namespaces}, which the caller found
   * not current (the sync's plan decides that from the cache). Outcomes come back in the order
   * given.
   *
   * @param cached the managed Secret of this sync in a namespace, from the watch cache, or null
   */
  public List<NamespaceOutcome> write(
      Plan plan, Collection<String> namespaces, Function<String, Secret> cached) {
    List<Future<NamespaceOutcome>> pending = new ArrayList<>(namespaces.size());
    for (String namespace : namespaces) {
      Secret existing = cached.apply(namespace);
      pending.add(submit(() -> logged(plan, namespace, existing)));
    }
    return joinAll(pending);
  }

  /**
   * Runs a further per-namespace step (attaching to ServiceAccounts) with the same bound on calls
   * in flight as the Secret writes, on the namespaces {@code needsWork} picks; the others keep
   * their outcome. Outcomes come back in the order given.
   */
  public List<NamespaceOutcome> runPerNamespace(
      List<NamespaceOutcome> outcomes,
      Predicate<NamespaceOutcome> needsWork,
      UnaryOperator<NamespaceOutcome> work) {
    List<Future<NamespaceOutcome>> pending = new ArrayList<>(outcomes.size());
    for (NamespaceOutcome outcome : outcomes) {
      pending.add(
          needsWork.test(outcome)
              ? submit(() -> work.apply(outcome))
              : CompletableFuture.completedFuture(outcome));
    }
    return joinAll(pending);
  }

  /** Deletes managed Secrets; returns the namespaces where deletion failed, with the reason. */
  @Override
  public List<NamespaceOutcome> delete(Collection<Secret> secrets) {
    return failures(secrets, this::deleteOne);
  }

  /**
   * Stops managing Secrets without deleting them (deletionPolicy Retain): drops the labels that
   * mark them as Pullwarden's, so they stay as they are and are no longer watched. Returns the
   * failures.
   */
  @Override
  public List<NamespaceOutcome> release(Collection<Secret> secrets) {
    return failures(secrets, this::releaseOne);
  }

  /** Runs {@code change} on every Secret, within the bound; returns the failed outcomes. */
  private List<NamespaceOutcome> failures(
      Collection<Secret> secrets, Function<Secret, NamespaceOutcome> change) {
    List<Future<NamespaceOutcome>> pending = new ArrayList<>(secrets.size());
    for (Secret secret : secrets) {
      pending.add(submit(() -> change.apply(secret)));
    }
    return joinAll(pending).stream().filter(o -> o.result() == Result.FAILED).toList();
  }

  /**
   * Releases one Secret: read it again (the cache keeps no data, and a cached copy written back
   * would blank it), and drop Pullwarden's labels and annotations only while it is still this
   * sync's; the template's labels and annotations stay with the Secret.
   */
  private NamespaceOutcome releaseOne(Secret cached) {
    String namespace = cached.getMetadata().getNamespace();
    String sync = ManagedSecret.owner(cached);
    try {
      Secret current =
          client.secrets().inNamespace(namespace).withName(cached.getMetadata().getName()).get();
      if (current == null || sync == null || !sync.equals(ManagedSecret.owner(current))) {
        return NamespaceOutcome.of(namespace, Result.REMOVED);
      }
      client
          .resource(
              new SecretBuilder(current)
                  .editMetadata()
                  .removeFromLabels(ManagedSecret.MANAGED_BY_LABEL)
                  .removeFromLabels(ManagedSecret.SYNC_LABEL)
                  // Pullwarden's own notes go too: a template-keys list left behind would tell a
                  // sync that adopts the Secret later to remove those keys.
                  .removeFromAnnotations(ManagedSecret.HASH_ANNOTATION)
                  .removeFromAnnotations(TemplateMetadata.KEYS_ANNOTATION)
                  .endMetadata()
                  .build())
          .update();
      return NamespaceOutcome.of(namespace, Result.REMOVED);
    } catch (KubernetesClientException e) {
      return failed(namespace, e);
    }
  }

  /** Writes one namespace with the sync and namespace in the log context, logging a failure. */
  private NamespaceOutcome logged(Plan plan, String namespace, Secret existing) {
    try (var sync = MDC.putCloseable("sync", plan.sync());
        var ns = MDC.putCloseable("namespace", namespace)) {
      NamespaceOutcome outcome = writeOne(plan, namespace, existing);
      switch (outcome.result()) {
        case FAILED ->
            LOG.warn("writing the Secret failed: {}: {}", outcome.reason(), outcome.message());
        case CONFLICT ->
            LOG.warn("left a Secret Pullwarden did not write untouched ({})", outcome.reason());
        default -> LOG.debug("namespace {}: {}", namespace, outcome.result());
      }
      return outcome;
    }
  }

  /**
   * Creates the Secret, or updates it where this sync may ({@link SecretClaim}): its own Secret, or
   * the same-named Secret found after a create conflict. Its own cached Secret is updated with one
   * request, a merge patch conditional on the cached resourceVersion ({@link SecretPatch}); a 409
   * (changed since) is a failure the next pass re-plans from the watch cache, a 404 (deleted since)
   * a create. Where the cache does not know enough for a patch, and after a create conflict, the
   * update starts from the Secret read whole from the API server, is checked against the claim
   * rules as read, keeps everyone else's labels and annotations ({@link ManagedSecret#merged}), and
   * carries the resourceVersion read. Either way a Secret that changed owner since is never
   * overwritten.
   */
  private NamespaceOutcome writeOne(Plan plan, String namespace, Secret cached) {
    Secret desired =
        ManagedSecret.desired(
            plan.sync(), plan.secretName(), namespace, plan.config(), plan.template());
    try {
      Optional<String> patch = cached == null ? Optional.empty() : SecretPatch.of(cached, desired);
      if (patch.isPresent()) {
        try {
          patches.patchSecret(namespace, plan.secretName(), patch.get());
          return NamespaceOutcome.of(namespace, Result.UPDATED);
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
            throw e;
          }
          cached = null;
        }
      }
      Secret found = cached == null ? null : read(namespace, plan.secretName());
      if (found == null) {
        try {
          client.resource(desired).create();
          return NamespaceOutcome.of(namespace, Result.CREATED);
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw e;
          }
        }
        found = read(namespace, plan.secretName());
        if (found == null) {
          client.resource(desired).create();
          return NamespaceOutcome.of(namespace, Result.CREATED);
        }
      }
      Optional<NamespaceOutcome> refused =
          SecretClaim.refusal(plan.sync(), plan.conflicts(), found, namespace);
      if (refused.isPresent()) {
        return refused.get();
      }
      client.resource(ManagedSecret.merged(desired, found)).update();
      return NamespaceOutcome.of(namespace, Result.UPDATED);
    } catch (KubernetesClientException e) {
      return failed(namespace, e);
    }
  }

  private Secret read(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /**
   * Deletes one Secret as it was seen: the resourceVersion is a precondition, so a Secret that
   * changed since (someone took it over, or removed its labels) is not deleted; the next pass sees
   * it as it is.
   */
  private NamespaceOutcome deleteOne(Secret secret) {
    String namespace = secret.getMetadata().getNamespace();
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .withName(secret.getMetadata().getName())
          .lockResourceVersion(secret.getMetadata().getResourceVersion())
          .delete();
      return NamespaceOutcome.of(namespace, Result.REMOVED);
    } catch (KubernetesClientException e) {
      return failed(namespace, e);
    }
  }

  private static NamespaceOutcome failed(String namespace, KubernetesClientException e) {
    String reason =
        e.getStatus() != null && e.getStatus().getReason() != null
            ? e.getStatus().getReason()
            : Reason.WRITE_FAILED.toString();
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : "HTTP " + e.getCode() + " from the API server";
    return new NamespaceOutcome(namespace, Result.FAILED, reason, message);
  }

  /** Starts {@code write} on its own virtual thread; it runs once a permit is free. */
  private Future<NamespaceOutcome> submit(Callable<NamespaceOutcome> write) {
    return executor.submit(
        () -> {
          permits.acquire();
          try {
            return write.call();
          } finally {
            permits.release();
          }
        });
  }

  /** The outcomes, in the order of {@code pending}, once all are done. */
  private static List<NamespaceOutcome> joinAll(List<Future<NamespaceOutcome>> pending) {
    List<NamespaceOutcome> outcomes = new ArrayList<>(pending.size());
    for (Future<NamespaceOutcome> future : pending) {
      try {
        outcomes.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing Secrets", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a namespace write failed unexpectedly", e.getCause());
      }
    }
    return outcomes;
  }

  @Override
  public void close() {
    executor.close();
  }
}
