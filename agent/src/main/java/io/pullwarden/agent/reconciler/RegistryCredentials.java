package io.pullwarden.agent.reconciler;

import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.dockerconfig.InvalidCredentialException;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.agent.source.CredentialCache;
import io.pullwarden.agent.source.CredentialKey;
import io.pullwarden.agent.source.LeasePolicy;
import io.pullwarden.agent.source.PluginFault;
import io.pullwarden.agent.source.SourceSessions;
import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.Lease;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a sync's registries into one {@link DockerConfig}: finds each registry's CredentialSource,
 * gets its session, takes the credential from the shared cache (which reads the store only when the
 * credential changed) and merges the results. Any failure stops the pass with a {@link SyncBlocked}
 * naming the registry, so nothing half-built is ever written.
 */
public final class RegistryCredentials {

  /**
   * The merged document; its earliest expiry and each server's; when its newest credential changed
   * (for the propagation metric); and the cache keys it used.
   */
  public record Resolved(
      DockerConfig config,
      Optional<Instant> expiresAt,
      Map<String, Expiry> expiries,
      Instant changedAt,
      Set<CredentialKey> keys,
      SourceGrants grants,
      List<Set<String>> serversByRegistry) {

    /** As above, for callers that do not check registries. */
    public Resolved(
        DockerConfig config,
        Optional<Instant> expiresAt,
        Map<String, Expiry> expiries,
        Instant changedAt,
        Set<CredentialKey> keys,
        SourceGrants grants) {
      this(config, expiresAt, expiries, changedAt, keys, grants, List.of());
    }
  }

  /**
   * When the credential written for one registry stops working, and when the agent plans to renew
   * or replace it before then (empty when nothing is planned).
   */
  public record Expiry(Instant expiresAt, Optional<Instant> renewalDue) {}

  private final SourceSessions sessions;
  private final CredentialCache cache;
  private final Function<String, Optional<CredentialSource>> sources;
  private final int maxSecretBytes;

  /**
   * @param sources looks a CredentialSource up by name, in the watch cache
   * @param maxSecretBytes the largest document a sync may write
   */
  public RegistryCredentials(
      SourceSessions sessions,
      CredentialCache cache,
      Function<String, Optional<CredentialSource>> sources,
      int maxSecretBytes) {
    this.sessions = sessions;
    this.cache = cache;
    this.sources = sources;
    this.maxSecretBytes = maxSecretBytes;
  }

  public Resolved resolve(SyncSettings settings) throws SyncBlocked {
    DockerConfig.Builder builder = DockerConfig.builder();
    Set<CredentialKey> keys = new HashSet<>();
    Map<String, CredentialSource> used = new TreeMap<>();
    Instant earliest = null;
    Map<String, Expiry> expiries = new TreeMap<>();
    List<Set<String>> serversByRegistry = new ArrayList<>();
    List<RegistrySpec> registries = settings.spec().getRegistries();
    for (int i = 0; i < registries.size(); i++) {
      RegistrySpec registry = registries.get(i);
      String field = "spec.registries[" + i + "]";
      Fetched fetched = fetch(settings, registry, field, keys, used);
      Credential credential = fetched.credential();
      Set<String> before = builder.servers();
      try {
        builder.add(
            field,
            Optional.ofNullable(registry.getServer()).filter(s -> !s.isBlank()),
            credential.server(),
            credential.secret());
      } catch (InvalidCredentialException e) {
        throw new SyncBlocked(
            Reason.INVALID_CREDENTIAL.toString(), e.getMessage(), settings.refreshInterval());
      }
      Set<String> added = new TreeSet<>(builder.servers());
      added.removeAll(before);
      serversByRegistry.add(added);
      Instant expiry =
          credential.lease().map(Lease::expiresAt).or(credential::expiresAt).orElse(null);
      if (expiry != null) {
        expiries.put(
            Optional.ofNullable(registry.getServer()).or(credential::server).orElse(field),
            new Expiry(expiry, cache.renewalDue(fetched.key())));
        if (earliest == null || expiry.isBefore(earliest)) {
          earliest = expiry;
        }
      }
    }
    DockerConfig config = builder.build();
    if (config.json().length > maxSecretBytes) {
      throw new SyncBlocked(
          Reason.CREDENTIAL_TOO_LARGE.toString(),
          "the .dockerconfigjson built from spec.registries is "
              + config.json().length
              + " bytes, over the agent's limit of "
              + maxSecretBytes
              + " bytes; nothing was written and existing Secrets were left as they are (check"
              + " the credential in the store, or raise the limit with the agent's"
              + " --max-secret-bytes, chart value agent.maxSecretBytes, below the API server's 1 MiB)",
          settings.refreshInterval());
    }
    Instant changedAt =
        keys.stream().map(cache::changedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
    return new Resolved(
        config,
        Optional.ofNullable(earliest),
        expiries,
        changedAt,
        keys,
        SourceGrants.of(used.values()),
        List.copyOf(serversByRegistry));
  }

  /** One registry's credential and the cache entry it came from. */
  private record Fetched(Credential credential, CredentialKey key) {}

  private Fetched fetch(
      SyncSettings settings,
      RegistrySpec registry,
      String field,
      Set<CredentialKey> keys,
      Map<String, CredentialSource> used)
      throws SyncBlocked {
    String sourceName = registry.getSourceRef();
    CredentialSource source =
        sources
            .apply(sourceName)
            .orElseThrow(
                () ->
                    new SyncBlocked(
                        Reason.SOURCE_NOT_FOUND.toString(),
                        field + ".sourceRef: CredentialSource " + sourceName + " does not exist",
                        null));
    used.put(sourceName, source);
    CredentialSession session;
    try {
      session = sessions.session(source);
    } catch (SourceException e) {
      throw blocked("CredentialSource " + sourceName, sourceName, e, settings, true);
    }
    CredentialKey key =
        new CredentialKey(
            sourceName,
            Objects.requireNonNullElse(source.getMetadata().getGeneration(), 0L),
            registry.getRef());
    keys.add(key);
    try {
      return new Fetched(
          cache.current(
              settings.name(),
              key,
              session,
              Settings.of(field + ".ref", registry.getRef()),
              settings.refreshInterval(),
              LeasePolicy.of(source.getSpec().getLeases())),
          key);
    } catch (SourceException e) {
      throw blocked(field, sourceName, e, settings, false);
    }
  }

  private SyncBlocked blocked(
      String where, String sourceName, SourceException e, SyncSettings settings, boolean opening) {
    String message = where + ": " + e.getMessage();
    Optional<PluginFault> fault = PluginFault.in(e);
    if (fault.isPresent()) {
      String from = opening ? where : where + " (CredentialSource " + sourceName + ")";
      return SyncBlocked.backingOff(fault.get().reason(), from + ": " + e.getMessage());
    }
    return switch (e) {
      case SourceException.NotFound notFound ->
          new SyncBlocked(
              Reason.CREDENTIAL_NOT_FOUND.toString(), message, settings.refreshInterval());
      case SourceException.InvalidConfig invalid ->
          // A bad ref is fixed in the resource, but a malformed value in the store is fixed in
          // the store, which only a later check can see.
          opening
              ? new SyncBlocked(Reason.SOURCE_NOT_READY.toString(), message, null)
              : new SyncBlocked(
                  Reason.INVALID_REFERENCE.toString(), message, settings.refreshInterval());
      case SourceException.AuthFailed authFailed -> {
        sessions.invalidate(sourceName);
        yield SyncBlocked.backingOff(Reason.SOURCE_AUTH_FAILED.toString(), message);
      }
      case SourceException.Transient unavailable ->
          SyncBlocked.backingOff(Reason.SOURCE_UNAVAILABLE.toString(), message);
    };
  }
}
