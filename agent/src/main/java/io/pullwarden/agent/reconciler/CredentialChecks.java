package io.pullwarden.agent.reconciler;

import io.pullwarden.agent.Reason;
import io.pullwarden.agent.customresource.CredentialSource;
import io.pullwarden.agent.customresource.PullSecretSync;
import io.pullwarden.agent.customresource.RegistryCheckStatus;
import io.pullwarden.agent.customresource.RegistrySpec;
import io.pullwarden.agent.customresource.RegistrySpec.Verify;
import io.pullwarden.agent.dockerconfig.DockerConfig;
import io.pullwarden.agent.metrics.AgentMetrics;
import io.pullwarden.agent.registry.HttpRegistryCheck;
import io.pullwarden.agent.registry.RegistryCheck;
import io.pullwarden.agent.registry.RegistryCheck.Accepted;
import io.pullwarden.agent.registry.RegistryCheck.Login;
import io.pullwarden.agent.registry.RegistryCheck.Outcome;
import io.pullwarden.agent.registry.RegistryCheck.Rejected;
import io.pullwarden.agent.registry.RegistryCheck.Target;
import io.pullwarden.agent.registry.RegistryCheck.Unverified;
import io.pullwarden.agent.registry.RegistryTls;
import io.pullwarden.agent.registry.VerifyAllowList;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Proves each registry's credential with the registry before a pass writes it ({@code
 * spec.registries[].verify}, ADR 0024). One handshake per credential change: outcomes are kept by a
 * fingerprint of server, login and TLS settings, shared by every sync and every pass, so neither
 * the namespace count nor a quiet refresh causes another; a credential that was not accepted is
 * asked again once its refresh interval, and at least {@link #RECHECK_AT_MOST_EVERY}, has passed.
 * At most {@link #CONCURRENCY} handshakes run at once, each bounded by the check's own deadline.
 */
final class CredentialChecks {

  static final int CONCURRENCY = 4;
  private static final int MAX_REMEMBERED = 4096;

  /**
   * A rejected or unverified credential is asked again after its sync's refresh interval, but not
   * sooner than this: a refresh of seconds is for noticing a rotation in the store, and must not
   * send a registry a failing login that often (ADR 0027).
   */
  static final Duration RECHECK_AT_MOST_EVERY = Duration.ofMinutes(5);

  /** The longest a pass waits for a check slot: one whole handshake and its grace. */
  private static final Duration SLOT_WAIT = HttpRegistryCheck.TIMEOUT.plusSeconds(1);

  /** What the pass may do and what status.registries says. */
  record Verdict(List<RegistryCheckStatus> registries, Optional<SyncBlocked> blocked) {}

  private record Checked(Outcome outcome, Instant at) {}

  private final RegistryCheck check;
  private final Function<String, Optional<CredentialSource>> sources;
  private final Events events;
  private final AgentMetrics metrics;
  private final Clock clock;
  private final Semaphore running = new Semaphore(CONCURRENCY);
  private final Map<String, CompletableFuture<Checked>> checks = new ConcurrentHashMap<>();

  /**
   * @param sources looks a CredentialSource up by name, for the registries it lets its credentials
   *     be sent to
   */
  CredentialChecks(
      RegistryCheck check,
      Function<String, Optional<CredentialSource>> sources,
      Events events,
      AgentMetrics metrics,
      Clock clock) {
    this.check = check;
    this.sources = sources;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  Verdict verify(
      PullSecretSync sync, SyncSettings settings, RegistryCredentials.Resolved resolved) {
    List<RegistryCheckStatus> statuses = new ArrayList<>();
    SyncBlocked blocked = null;
    List<RegistrySpec> registries = settings.spec().getRegistries();
    for (int i = 0; i < registries.size() && i < resolved.serversByRegistry().size(); i++) {
      RegistrySpec registry = registries.get(i);
      Verify verify = registry.getVerify() == null ? Verify.Warn : registry.getVerify();
      if (verify == Verify.Off) {
        continue;
      }
      for (String server : resolved.serversByRegistry().get(i)) {
        RegistryCheckStatus status =
            checkOne(sync, settings, registry, verify, server, resolved.config());
        statuses.add(status);
        if (verify == Verify.Enforce && "Rejected".equals(status.getOutcome()) && blocked == null) {
          blocked =
              new SyncBlocked(
                  Reason.CREDENTIAL_REJECTED.toString(),
                  "spec.registries["
                      + i
                      + "] ("
                      + server
                      + "): "
                      + status.getMessage()
                      + "; nothing was written (verify: Enforce). Fix the credential in the store;"
                      + " it is checked again when it changes, and 5 minutes (or the refresh interval) after this check",
                  settings.refreshInterval());
        }
      }
    }
    return new Verdict(List.copyOf(statuses), Optional.ofNullable(blocked));
  }

  private RegistryCheckStatus checkOne(
      PullSecretSync sync,
      SyncSettings settings,
      RegistrySpec registry,
      Verify verify,
      String server,
      DockerConfig config) {
    Optional<Login> login = config.login(server);
    if (login.isEmpty()) {
      return new RegistryCheckStatus(
          server,
          verify.name(),
          "Unverified",
          null,
          "the credential has no username and password to log in with (an identity token?)",
          null);
    }
    if (!mayBeSentTo(registry, server)) {
      return new RegistryCheckStatus(
          server,
          verify.name(),
          "Unverified",
          null,
          "not checked: CredentialSource "
              + registry.getSourceRef()
              + " does not list "
              + server
              + " in spec.verifyRegistries, so its credential is not sent there",
          null);
    }
    Optional<String> weakTransport = weakTransportRefused(registry, server);
    if (weakTransport.isPresent()) {
      return new RegistryCheckStatus(
          server, verify.name(), "Unverified", null, weakTransport.get(), null);
    }
    // TLS trust is the sync author's to set only for a server the source's owner listed; a server
    // the store named (ECR's proxyEndpoint) is checked against the JDK's CAs alone.
    boolean named = namedBySync(registry);
    RegistryTls tls =
        named
            ? new RegistryTls(
                Optional.ofNullable(registry.getCaBundle()),
                Boolean.TRUE.equals(registry.getInsecureSkipTLSVerify()))
            : RegistryTls.DEFAULT;
    // A token service on another host than the registry's gets the login only if the source's
    // owner listed it, whoever named the registry.
    List<String> realmHosts =
        sources
            .apply(registry.getSourceRef())
            .map(source -> source.getSpec().getVerifyRegistries())
            .orElse(List.of());
    Target target =
        new Target(
            server, login.get(), Optional.ofNullable(registry.getRepository()), tls, realmHosts);
    String fingerprint = fingerprint(target);
    Duration recheck =
        settings.refreshInterval().compareTo(RECHECK_AT_MOST_EVERY) > 0
            ? settings.refreshInterval()
            : RECHECK_AT_MOST_EVERY;
    boolean fresh = false;
    Checked checked;
    while (true) {
      CompletableFuture<Checked> mine = new CompletableFuture<>();
      CompletableFuture<Checked> current = checks.get(fingerprint);
      boolean claimed;
      if (current == null) {
        if (checks.size() >= MAX_REMEMBERED) {
          forgetAllButAccepted();
        }
        claimed = checks.putIfAbsent(fingerprint, mine) == null;
      } else if (current.isDone() && stale(current.join(), recheck)) {
        claimed = checks.replace(fingerprint, current, mine);
      } else {
        checked = awaitOther(current);
        break;
      }
      if (claimed) {
        try {
          checked = handshake(target);
          mine.complete(checked);
        } finally {
          if (!mine.isDone()) {
            // Nothing came back (an Error): let the next pass try again rather than wait for ever.
            checks.remove(fingerprint, mine);
            mine.complete(new Checked(new Unverified("the check did not finish"), clock.instant()));
          }
        }
        fresh = true;
        break;
      }
    }
    String name = sync.getMetadata().getName();
    if (fresh) {
      metrics.registryCheck(name, server, checked.outcome().label());
      if (checked.outcome() instanceof Rejected && verify == Verify.Warn) {
        events.warning(
            sync,
            Reason.CREDENTIAL_REJECTED.toString(),
            server + ": " + message(checked.outcome()) + "; written anyway (verify: Warn)");
      }
    }
    return new RegistryCheckStatus(
        server,
        verify.name(),
        checked.outcome().label(),
        checked.outcome() instanceof Rejected rejected ? rejected.httpStatus() : null,
        message(checked.outcome()),
        checked.at().toString());
  }

  /** Whether the sync's author wrote the registry's server, rather than leaving it to the store. */
  private static boolean namedBySync(RegistrySpec registry) {
    return registry.getServer() != null && !registry.getServer().isBlank();
  }

  /**
   * A server the store named (the spec left it out) is the store owner's choice; one the sync's
   * author wrote must be allowed by the source.
   */
  private boolean mayBeSentTo(RegistrySpec registry, String server) {
    if (!namedBySync(registry)) {
      return true;
    }
    return sources
        .apply(registry.getSourceRef())
        .map(source -> source.getSpec().getVerifyRegistries())
        .filter(patterns -> VerifyAllowList.allows(patterns, server))
        .isPresent();
  }

  /**
   * Why the credential may not go to {@code server} over the transport the sync asks for: plain
   * http or unverified TLS need the source's owner to list the server as {@code http://host}, so a
   * sync's author cannot downgrade what the owner allowed; empty when it may.
   */
  private Optional<String> weakTransportRefused(RegistrySpec registry, String server) {
    boolean plainHttp = server.strip().toLowerCase(java.util.Locale.ROOT).startsWith("http://");
    // For a server the store named, the sync's insecureSkipTLSVerify is not used (checkOne).
    boolean unverifiedTls =
        namedBySync(registry) && Boolean.TRUE.equals(registry.getInsecureSkipTLSVerify());
    if (!plainHttp && !unverifiedTls) {
      return Optional.empty();
    }
    boolean consented =
        sources
            .apply(registry.getSourceRef())
            .map(source -> source.getSpec().getVerifyRegistries())
            .filter(patterns -> VerifyAllowList.allowsWeakTransport(patterns, server))
            .isPresent();
    if (consented) {
      return Optional.empty();
    }
    return Optional.of(
        "not checked: "
            + (plainHttp ? "plain http" : "insecureSkipTLSVerify")
            + " sends the credential unprotected, which CredentialSource "
            + registry.getSourceRef()
            + " allows only for a server it lists as http://host in spec.verifyRegistries");
  }

  private boolean stale(Checked checked, Duration recheck) {
    return !(checked.outcome() instanceof Accepted)
        && !clock.instant().isBefore(checked.at().plus(recheck));
  }

  /**
   * Runs one handshake when one of the {@link #CONCURRENCY} slots frees up within a check's own
   * deadline; otherwise Unverified, which never holds a credential back: a pass never waits on
   * registries longer than that, however many checks are in flight.
   */
  private Checked handshake(Target target) {
    try {
      if (!running.tryAcquire(SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Checked(
            new Unverified("not checked now: " + CONCURRENCY + " registry checks are in flight"),
            clock.instant());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Checked(new Unverified("interrupted before the check"), clock.instant());
    }
    try {
      return new Checked(check.check(target), clock.instant());
    } catch (RuntimeException e) {
      return new Checked(
          new Unverified("the check failed: " + e.getClass().getSimpleName()), clock.instant());
    } finally {
      running.release();
    }
  }

  /** Another pass's check of the same credential, waited for no longer than a check may take. */
  private Checked awaitOther(CompletableFuture<Checked> other) {
    try {
      return other.get(SLOT_WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Checked(new Unverified("another pass's check has not finished"), clock.instant());
    } catch (ExecutionException e) {
      return new Checked(new Unverified("the check failed"), clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Checked(new Unverified("interrupted while waiting"), clock.instant());
    }
  }

  /**
   * Makes room when {@link #MAX_REMEMBERED} fingerprints are held: drops every result but a
   * finished Accepted one first (so new fingerprints a sync's author makes up cannot flush the
   * logins every sync relies on), and everything only when those alone fill the map.
   */
  private void forgetAllButAccepted() {
    checks
        .entrySet()
        .removeIf(
            entry ->
                !entry.getValue().isDone()
                    || !(entry.getValue().join().outcome() instanceof Accepted));
    if (checks.size() >= MAX_REMEMBERED) {
      checks.clear();
    }
  }

  static String message(Outcome outcome) {
    return switch (outcome) {
      case Accepted accepted -> accepted.detail();
      case Rejected rejected ->
          "the registry rejected the credential: HTTP "
              + rejected.httpStatus()
              + " from "
              + rejected.where();
      case Unverified unverified -> "not verified, written anyway: " + unverified.reason();
    };
  }

  /** A sha256 of everything the outcome depends on; the login never leaves this object. */
  private static String fingerprint(Target target) {
    String text =
        String.join(
            "\u0000",
            target.server(),
            target.login().digest(),
            target.repository().orElse(""),
            target.tls().caBundle().orElse(""),
            String.valueOf(target.tls().insecureSkipVerify()),
            // Where a token service may be asked: a host the source's owner adds is tried at once.
            String.join(",", target.realmHosts().stream().sorted().toList()));
    return DockerConfig.hashOf(text.getBytes(StandardCharsets.UTF_8));
  }
}
