package io.pullwarden.plugins.vault;

import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the session logged in: holds its Vault token, renews it on the {@link TokenSchedule} from a
 * small background thread, logs in again when the token cannot be renewed or has expired, and — for
 * any call made through {@link #call} — when Vault refuses the token, then repeats the call once.
 * Token renewal lives here, inside the client, so the agent only ever sees working sessions or a
 * clear {@code AuthFailed}. Secret-lease renewal is the agent's business, not this class's.
 */
final class TokenKeeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TokenKeeper.class);

  /** One call that needs the session's token. */
  interface TokenCall<T> {
    T run(String token) throws VaultFailure;
  }

  private final VaultGateway gateway;
  private final VaultLogin login;
  private final SourceContext context;
  private ScheduledExecutorService scheduler;
  private SessionToken current;
  private String problem;
  private int logins;
  private int renewals;
  private boolean closed;

  /** A keeper without background renewal; {@link #start} logs in and starts it. */
  TokenKeeper(VaultGateway gateway, VaultLogin login, SourceContext context) {
    this.gateway = gateway;
    this.login = login;
    this.context = context;
  }

  /** Logs in, then renews in the background until {@link #close()}. */
  static TokenKeeper start(VaultGateway gateway, VaultLogin login, SourceContext context)
      throws SourceException {
    TokenKeeper keeper = new TokenKeeper(gateway, login, context);
    keeper.loginNow();
    synchronized (keeper) {
      keeper.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "pullwarden-vault-token");
                thread.setDaemon(true);
                return thread;
              });
    }
    keeper.wakeAfter(keeper.maintainDelay());
    return keeper;
  }

  /** Runs {@code call} with the token; on a refused token logs in again and runs it once more. */
  <T> T call(TokenCall<T> call) throws VaultFailure, SourceException {
    SessionToken used = usable();
    try {
      return call.run(used.token());
    } catch (VaultFailure failure) {
      if (!failure.permissionDenied()) {
        throw failure;
      }
      LOG.info("Vault refused the session token ({}); logging in again", failure.getMessage());
      return call.run(loginUnlessReplaced(used).token());
    }
  }

  /** Why the session has no usable token, if it has none. */
  synchronized Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  synchronized SessionToken current() {
    return current;
  }

  synchronized int logins() {
    return logins;
  }

  synchronized int renewals() {
    return renewals;
  }

  /** Takes the step the schedule says is due now and returns the wait until the next one. */
  Duration maintain() {
    SessionToken token = current();
    Optional<TokenSchedule.Plan> plan = TokenSchedule.plan(token);
    if (plan.isEmpty()) {
      return null;
    }
    try {
      boolean renew =
          plan.get().step() == TokenSchedule.Step.RENEW
              && !TokenSchedule.expired(token, context.clock().instant());
      if (!renew || !renewNow(token)) {
        loginNow();
      }
      return maintainDelay();
    } catch (SourceException | VaultFailure | RuntimeException e) {
      LOG.warn("keeping the Vault token alive failed, trying again soon: {}", e.getMessage());
      return TokenSchedule.retryDelay(token, context.clock().instant());
    }
  }

  /**
   * Renews {@code token}; false when Vault refused it (revoked or expired), so a login is needed.
   */
  boolean renewNow(SessionToken token) throws VaultFailure {
    TokenGrant renewal;
    try {
      renewal = gateway.renewSelf(token.token());
    } catch (VaultFailure failure) {
      if (failure.permissionDenied()) {
        return false;
      }
      throw failure;
    }
    synchronized (this) {
      if (current == token) {
        current = token.renewed(renewal, context.clock().instant());
        renewals++;
      }
    }
    LOG.debug("renewed the Vault token for {}", renewal.ttl());
    return true;
  }

  /** Logs in now, replacing the token. */
  synchronized SessionToken loginNow() throws SourceException {
    try {
      TokenGrant grant = login.login(gateway, context);
      current = SessionToken.loggedIn(grant, context.clock().instant());
      problem = null;
      logins++;
      LOG.info("logged in to Vault at {} with {}", gateway.address(), login.describe());
      return current;
    } catch (SourceException e) {
      problem = e.getMessage();
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  private synchronized SessionToken loginUnlessReplaced(SessionToken refused)
      throws SourceException {
    return current == refused ? loginNow() : current;
  }

  /** The current token, after logging in again if it has expired. */
  private SessionToken usable() throws SourceException {
    SessionToken token = current();
    if (TokenSchedule.expired(token, context.clock().instant())) {
      return loginUnlessReplaced(token);
    }
    return token;
  }

  private Duration maintainDelay() {
    return TokenSchedule.plan(current())
        .map(plan -> TokenSchedule.delay(plan.at(), context.clock().instant()))
        .orElse(null);
  }

  private synchronized void wakeAfter(Duration delay) {
    if (closed || scheduler == null || delay == null) {
      return;
    }
    scheduler.schedule(() -> wakeAfter(maintain()), delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
