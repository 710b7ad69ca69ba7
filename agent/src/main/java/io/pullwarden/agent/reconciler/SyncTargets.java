package io.pullwarden.agent.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.fanout.ManagedSecret;
import io.pullwarden.agent.fanout.SourceGrants;
import io.pullwarden.agent.fanout.TargetNamespaces;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The watches a PullSecretSync pass reads from, and how each event finds the syncs it concerns:
 * namespaces (a namespace that starts or stops matching), Pullwarden-managed Secrets only (drift,
 * deletion), ServiceAccounts (a new account to attach to) and CredentialSources. Reads during a
 * pass come from these caches, not from the API server. The caches keep only what the agent reads
 * ({@link TrimmingItemStore}).
 */
final class SyncTargets {

  private static final String BY_SYNC = "pullwarden-sync";

  /**
   * Objects per page of an informer's initial list, as client-go's reflectors do: a cluster with
   * thousands of namespaces is read in pages rather than decoded as one response at start-up.
   */
  private static final long LIST_PAGE = 500;

  /**
   * Managed Secrets per page: a page is decoded whole, data included, before the cache trims it,
   * and a Secret may hold up to 1 MiB, so pages of Secrets are kept small enough that one page of
   * the largest Secrets fits the chart's heap next to the live set (docs/security.md).
   */
  private static final long SECRET_LIST_PAGE = 20;

  /** Told the name of each CredentialSource the watch sees deleted. */
  private final Consumer<String> sourceDeleted;

  private final OwnWrites ownWrites;

  /** Told which syncs a watch event concerns, and whether only for the namespace it happened in. */
  private final PassScope scope;

  /**
   * @param sourceDeleted told the name of each CredentialSource the watch sees deleted, so its
   *     session and metric series go with it
   * @param ownWrites what each sync last wrote: the watch echo of it wakes no pass
   * @param scope told which syncs each watch event concerns, before their passes start
   */
  SyncTargets(Consumer<String> sourceDeleted, OwnWrites ownWrites, PassScope scope) {
    this.sourceDeleted = sourceDeleted;
    this.ownWrites = ownWrites;
    this.scope = scope;
  }

  /** Parsed selections kept, most recently used first; a deleted sync's ages out. */
  private static final int MAX_SELECTIONS = 10_000;

  private final Map<String, ParsedSelection> selections =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ParsedSelection> eldest) {
              return size() > MAX_SELECTIONS;
            }
          });

  private InformerEventSource<Namespace, PullSecretSync> namespaces;
  private InformerEventSource<Secret, PullSecretSync> secrets;
  private InformerEventSource<ServiceAccount, PullSecretSync> serviceAccounts;
  private InformerEventSource<CredentialSource, PullSecretSync> sources;
  private IndexerResourceCache<PullSecretSync> syncs;

  List<EventSource<?, PullSecretSync>> eventSources(EventSourceContext<PullSecretSync> context) {
    syncs = context.getPrimaryCache();
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, PullSecretSync.class)
                .withName("namespaces")
                .withItemStore(TrimmingItemStore.forNamespaces())
                .withInformerListLimit(LIST_PAGE)
                .withSecondaryToPrimaryMapper(this::syncsConcernedBy)
                .build(),
            context);
    secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, PullSecretSync.class)
                .withName("managed-secrets")
                .withItemStore(TrimmingItemStore.forManagedSecrets())
                .withInformerListLimit(SECRET_LIST_PAGE)
                .withLabelSelector(ManagedSecret.SELECTOR)
                // The filters, not the mapper, wake a sync: Java Operator SDK also calls the mapper
                // to index events it then filters out.
                .withOnAddFilter(this::newsToItsSync)
                .withOnUpdateFilter((now, before) -> newsToItsSync(now))
                .withOnDeleteFilter(
                    (secret, finalStateUnknown) -> {
                      wakeOwnerOf(secret);
                      return true;
                    })
                .withSecondaryToPrimaryMapper(
                    secret ->
                        Optional.ofNullable(ManagedSecret.owner(secret))
                            .map(owner -> Set.of(new ResourceID(owner)))
                            .orElse(Set.of()))
                .build(),
            context);
    secrets.addIndexers(
        Map.of(
            BY_SYNC, secret -> Optional.ofNullable(ManagedSecret.owner(secret)).stream().toList()));
    serviceAccounts =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceAccount.class, PullSecretSync.class)
                .withName("serviceaccounts")
                .withItemStore(TrimmingItemStore.withoutManagedFields())
                .withInformerListLimit(LIST_PAGE)
                .withSecondaryToPrimaryMapper(this::syncsAttachingTo)
                .build(),
            context);
    sources =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CredentialSource.class, PullSecretSync.class)
                .withName("credentialsources")
                .withItemStore(TrimmingItemStore.withoutManagedFields())
                .withSecondaryToPrimaryMapper(
                    source -> ids(syncs.list(sync -> uses(sync, source.getMetadata().getName()))))
                .withOnUpdateFilter(SyncTargets::concernsSyncs)
                .withOnDeleteFilter(
                    (source, finalStateUnknown) -> {
                      sourceDeleted.accept(source.getMetadata().getName());
                      return true;
                    })
                .build(),
            context);
    return List.of(namespaces, secrets, serviceAccounts, sources);
  }

  /**
   * Whether a change to a CredentialSource is news to its syncs: its spec changed, or it turned
   * Ready again (the store is back: a sync waiting out its backoff tries at once). A source turning
   * not Ready, or a new message, is not: its syncs met that failure themselves, and waking them all
   * would only send each one more call to a failing store.
   */
  static boolean concernsSyncs(CredentialSource now, CredentialSource before) {
    return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || (StatusConditions.isTrue(now.getStatus(), StatusConditions.READY)
            && !StatusConditions.isTrue(before.getStatus(), StatusConditions.READY));
  }

  /** The namespaces {@code settings} selects now, sorted by name. */
  List<Namespace> selectedNamespaces(SyncSettings settings) {
    return namespaces
        .list(settings.targets()::includes)
        .sorted(Comparator.comparing(namespace -> namespace.getMetadata().getName()))
        .toList();
  }

  /**
   * For each namespace that another sync with the same secretName also selects, the names of those
   * syncs. Almost always empty, and then it costs one pass over the syncs.
   */
  Map<String, List<String>> rivals(SyncSettings settings) {
    List<PullSecretSync> others =
        syncs
            .list(
                sync ->
                    sync.getSpec() != null
                        && !settings.name().equals(sync.getMetadata().getName())
                        && settings.spec().getSecretName().equals(sync.getSpec().getSecretName()))
            .toList();
    Map<String, List<String>> rivals = new TreeMap<>();
    for (PullSecretSync other : others) {
      Optional<TargetNamespaces> parsed = selection(other);
      if (parsed.isEmpty()) {
        continue;
      }
      TargetNamespaces targets = parsed.get();
      // Only where the other sync may write: its sources must exist and allow the namespace.
      List<CredentialSource> used =
          other.getSpec().getRegistries() == null
              ? List.of()
              : other.getSpec().getRegistries().stream()
                  .map(registry -> source(registry.getSourceRef()))
                  .flatMap(Optional::stream)
                  .toList();
      if (other.getSpec().getRegistries() == null
          || used.size() != other.getSpec().getRegistries().size()) {
        continue;
      }
      SourceGrants grants = SourceGrants.of(used);
      namespaces
          .list(namespace -> targets.includes(namespace) && grants.refusal(namespace).isEmpty())
          .forEach(
              namespace ->
                  rivals
                      .computeIfAbsent(namespace.getMetadata().getName(), n -> new ArrayList<>())
                      .add(other.getMetadata().getName()));
    }
    return rivals;
  }

  /** The Secrets this sync wrote, wherever they are. */
  List<Secret> managedBy(String sync) {
    return secrets.byIndex(BY_SYNC, sync);
  }

  /**
   * The cached ServiceAccounts of every namespace a pass may touch: the selected ones and those
   * that hold one of {@code managed}.
   */
  Map<String, List<ServiceAccount>> accountsIn(List<Namespace> selected, List<Secret> managed) {
    Map<String, List<ServiceAccount>> accounts = new HashMap<>();
    Stream.concat(
            selected.stream().map(namespace -> namespace.getMetadata().getName()),
            managed.stream().map(secret -> secret.getMetadata().getNamespace()))
        .forEach(namespace -> accounts.computeIfAbsent(namespace, n -> accountsIn(n).toList()));
    return accounts;
  }

  /**
   * Every ServiceAccount in {@code namespace}, from the cache's namespace index: a pass asks this
   * once per namespace, and Java Operator SDK's {@code list(namespace, filter)} walks every cached
   * account in the cluster for each call.
   */
  private Stream<ServiceAccount> accountsIn(String namespace) {
    return serviceAccounts.byIndex(Cache.NAMESPACE_INDEX, namespace).stream();
  }

  Optional<CredentialSource> source(String name) {
    return sources.get(new ResourceID(name));
  }

  private boolean concerns(PullSecretSync sync, Namespace namespace) {
    return sync.getSpec() != null
        && (holdsSecretIn(sync, namespace.getMetadata().getName()) || selects(sync, namespace));
  }

  /** True when the managed-Secret cache holds a Secret of {@code sync} in {@code namespace}. */
  private boolean holdsSecretIn(PullSecretSync sync, String namespace) {
    return holdsSecretIn(sync.getMetadata().getName(), namespace);
  }

  private boolean holdsSecretIn(String sync, String namespace) {
    return secrets != null
        && secrets.byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
            .anyMatch(secret -> sync.equals(ManagedSecret.owner(secret)));
  }

  /**
   * The syncs a ServiceAccount event concerns: those that attach to an account of that name and
   * select its namespace, or hold a Secret there (to detach). Not every sync naming {@code
   * default}: with hundreds of such syncs and thousands of namespaces, mapping each account to all
   * of them filled the heap at start-up and woke every sync for one new namespace. A namespace the
   * cache has not seen yet concerns none: its own event will bring the syncs that select it. An
   * account that already carries a sync's Secret is no news to that sync (the echo of its own
   * attachment, for one).
   */
  private Set<ResourceID> syncsAttachingTo(ServiceAccount account) {
    String name = account.getMetadata().getName();
    Namespace namespace = cachedNamespace(account.getMetadata().getNamespace());
    if (namespace == null) {
      return Set.of();
    }
    return wakeFor(
        syncs.list(
            sync ->
                attaches(sync, name) && selects(sync, namespace)
                    ? ownWrites.needsAttaching(sync.getMetadata().getName(), account)
                    : holdsSecretIn(sync, namespace.getMetadata().getName())),
        namespace);
  }

  private static boolean attaches(PullSecretSync sync, String account) {
    List<String> accounts = sync.getSpec() == null ? null : sync.getSpec().getServiceAccounts();
    return accounts != null && (accounts.contains("*") || accounts.contains(account));
  }

  private boolean selects(PullSecretSync sync, Namespace namespace) {
    return selection(sync).map(targets -> targets.includes(namespace)).orElse(false);
  }

  /**
   * {@code sync}'s namespace selection, parsed once per generation: the mappers ask for it on every
   * namespace and ServiceAccount event, for every sync. Empty when the selection is invalid (the
   * sync's own pass reports it).
   */
  private Optional<TargetNamespaces> selection(PullSecretSync sync) {
    Long generation = sync.getMetadata().getGeneration();
    ParsedSelection cached = selections.get(sync.getMetadata().getName());
    if (cached != null
        && Objects.equals(cached.uid(), sync.getMetadata().getUid())
        && Objects.equals(cached.generation(), generation)) {
      return cached.targets();
    }
    if (sync.getSpec() == null) {
      return Optional.empty();
    }
    Optional<TargetNamespaces> targets;
    try {
      targets = Optional.of(TargetNamespaces.of(sync.getSpec().getNamespaces()));
    } catch (IllegalArgumentException invalid) {
      targets = Optional.empty();
    }
    selections.put(
        sync.getMetadata().getName(),
        new ParsedSelection(sync.getMetadata().getUid(), generation, targets));
    return targets;
  }

  /** A sync's parsed selection and the object version it was parsed from. */
  private record ParsedSelection(String uid, Long generation, Optional<TargetNamespaces> targets) {}

  private static boolean uses(PullSecretSync sync, String source) {
    return sync.getSpec() != null
        && sync.getSpec().getRegistries() != null
        && sync.getSpec().getRegistries().stream()
            .map(RegistrySpec::getSourceRef)
            .anyMatch(ref -> Objects.equals(ref, source));
  }

  private Set<ResourceID> ids(Stream<PullSecretSync> syncs) {
    return wake(syncs.map(ResourceID::fromResource).collect(Collectors.toSet()));
  }

  /**
   * True when a managed Secret's event is news to the sync that owns it (not the echo of its own
   * write); that sync is woken for the Secret's namespace.
   */
  private boolean newsToItsSync(Secret secret) {
    PullSecretSync sync = owningSync(secret);
    Namespace namespace = cachedNamespace(secret.getMetadata().getNamespace());
    // A sync that no longer selects the namespace (it left the selection before the echo of the
    // write arrived) must remove the Secret: news too.
    boolean news =
        ownWrites.isNews(secret) || sync == null || namespace == null || !selects(sync, namespace);
    if (news) {
      wakeOwner(sync, secret, namespace);
    }
    return news;
  }

  /** Wakes the sync that owns {@code secret} for its namespace, if that sync exists. */
  private void wakeOwnerOf(Secret secret) {
    wakeOwner(owningSync(secret), secret, cachedNamespace(secret.getMetadata().getNamespace()));
  }

  private void wakeOwner(PullSecretSync sync, Secret secret, Namespace namespace) {
    if (sync != null) {
      wakeFor(sync, secret.getMetadata().getNamespace(), isLive(namespace));
    }
  }

  private PullSecretSync owningSync(Secret secret) {
    String owner = ManagedSecret.owner(secret);
    return owner == null ? null : syncs.get(new ResourceID(owner)).orElse(null);
  }

  /** {@code name} from the namespace cache, or null when it is not there (or not watched yet). */
  private Namespace cachedNamespace(String name) {
    return namespaces == null ? null : namespaces.get(new ResourceID(name)).orElse(null);
  }

  /** True for a namespace in the cache that is not being deleted. */
  private static boolean isLive(Namespace namespace) {
    return namespace != null && namespace.getMetadata().getDeletionTimestamp() == null;
  }

  /**
   * Wakes {@code sync} for an event in {@code namespace}: for that namespace alone while it lives,
   * else for a full pass. A sync being deleted is not woken: its cleanup reads the API server, and
   * its own Secrets' deletions would otherwise leave a wake behind it.
   */
  private void wakeFor(PullSecretSync sync, String namespace, boolean live) {
    if (sync.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    if (live) {
      scope.wokenFor(sync.getMetadata().getName(), namespace);
    } else {
      scope.woken(sync.getMetadata().getName());
    }
  }

  /** Marks each of {@code syncs} woken (its next pass plans in full) and returns them. */
  private Set<ResourceID> wake(Set<ResourceID> syncs) {
    syncs.forEach(sync -> scope.woken(sync.getName()));
    return syncs;
  }

  /**
   * The syncs a namespace event concerns: those that select it or hold a Secret there. Unless the
   * namespace is being deleted, their next passes may plan that namespace alone ({@link
   * PassScope}).
   */
  private Set<ResourceID> syncsConcernedBy(Namespace namespace) {
    return wakeFor(syncs.list(sync -> concerns(sync, namespace)), namespace);
  }

  /** Wakes each of {@code concerned} for an event in {@code namespace}, and returns them. */
  private Set<ResourceID> wakeFor(Stream<PullSecretSync> concerned, Namespace namespace) {
    String name = namespace.getMetadata().getName();
    boolean live = isLive(namespace);
    Set<ResourceID> ids = new HashSet<>();
    concerned.forEach(
        sync -> {
          wakeFor(sync, name, live);
          ids.add(ResourceID.fromResource(sync));
        });
    return ids;
  }

  /**
   * The namespaces of {@code names}, sorted, when each of them is in the cache and not being
   * deleted (a pass may plan them alone); empty otherwise.
   */
  Optional<List<Namespace>> liveNamespaces(Set<String> names) {
    List<Namespace> live = new ArrayList<>();
    for (String name : new TreeSet<>(names)) {
      Namespace namespace = cachedNamespace(name);
      if (!isLive(namespace)) {
        return Optional.empty();
      }
      live.add(namespace);
    }
    return Optional.of(List.copyOf(live));
  }

  /**
   * How many namespaces {@code settings} selects now, leaving out those named in {@code except} (no
   * sorting, no copies).
   */
  int selectedCountExcept(SyncSettings settings, Set<String> except) {
    return (int)
        namespaces
            .list(
                namespace ->
                    !except.contains(namespace.getMetadata().getName())
                        && settings.targets().includes(namespace))
            .count();
  }

  /** The Secrets {@code sync} wrote in {@code namespaces}, from the cache's namespace index. */
  List<Secret> managedIn(String sync, Set<String> namespaces) {
    return namespaces.stream()
        .flatMap(namespace -> secrets.byIndex(Cache.NAMESPACE_INDEX, namespace).stream())
        .filter(secret -> sync.equals(ManagedSecret.owner(secret)))
        .toList();
  }
}
