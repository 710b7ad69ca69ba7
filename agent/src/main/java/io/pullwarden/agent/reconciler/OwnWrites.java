package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.PullSecretAttachment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each PullSecretSync's latest pass set out to write, so that the watch echo of its own writes
 * wakes no pass (ADR 0027). A rotation over N namespaces sends N Secret events back to the agent;
 * each would start a pass over every selected namespace that finds nothing to do. An event is news,
 * and starts a pass as before, when the Secret is not exactly what its sync wants: drift, a Secret
 * of an older credential, another sync's label. Deletions are always news (the watch's delete
 * events are not filtered).
 */
final class OwnWrites {

  /** The Secret a sync writes: its name and what {@link ManagedSecret#isCurrent} compares. */
  private record Wanted(String secretName, String configHash, String templateState) {}

  private final Map<String, Wanted> bySync = new ConcurrentHashMap<>();

  /** Records what {@code sync}'s pass is about to write, before the first write goes out. */
  void writing(SyncSettings settings, String configHash) {
    bySync.put(
        settings.name(),
        new Wanted(settings.spec().getSecretName(), configHash, settings.template().state()));
  }

  /** The sync is gone. */
  void forget(String sync) {
    bySync.remove(sync);
  }

  /**
   * True when {@code secret} is news to its sync: anything but the Secret its latest pass wrote,
   * exactly as written.
   */
  boolean isNews(Secret secret) {
    String sync = ManagedSecret.owner(secret);
    Wanted wanted = sync == null ? null : bySync.get(sync);
    return wanted == null
        || !wanted.secretName().equals(secret.getMetadata().getName())
        || !ManagedSecret.isCurrent(secret, sync, wanted.configHash(), wanted.templateState());
  }

  /**
   * True when {@code account} is news to {@code sync}, which attaches its Secret to it: the account
   * lacks the entry. An account that carries it (the echo of the agent's own attachment, or any
   * other change to an attached account) leaves the sync nothing to do.
   */
  boolean needsAttaching(String sync, ServiceAccount account) {
    Wanted wanted = bySync.get(sync);
    return wanted == null || !PullSecretAttachment.isAttached(account, wanted.secretName());
  }
}
