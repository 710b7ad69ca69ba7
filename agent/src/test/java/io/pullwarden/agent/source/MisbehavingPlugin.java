package io.pullwarden.agent.source;

import io.pullwarden.plugin.Credential;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.CredentialSession;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Health;
import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import io.pullwarden.plugin.Validation;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source plugin that misbehaves on cue, per call: works, hangs until released (or interrupted),
 * throws an exception whose message holds a password, or returns null. Counts what the agent did
 * with it.
 */
public final class MisbehavingPlugin implements CredentialSourceFactory {

  /** What a call does. */
  public enum Act {
    WORK,
    HANG,
    THROW,
    NULL
  }

  /** The secret in every exception message this plugin throws; must never be shown. */
  public static final String SECRET = "hunter2";

  private final String type;
  public volatile Act validate = Act.WORK;
  public volatile Act open = Act.WORK;
  public volatile Act fetch = Act.WORK;
  public volatile Act version = Act.WORK;
  public volatile Act health = Act.WORK;

  /** When set, {@code fetch} throws it: a store's answer within the plugin contract. */
  public volatile SourceException fetchFailure;

  public final CountDownLatch release = new CountDownLatch(1);
  public final CountDownLatch hanging = new CountDownLatch(1);
  public final AtomicInteger opens = new AtomicInteger();
  public final AtomicInteger fetches = new AtomicInteger();
  public final AtomicInteger closes = new AtomicInteger();

  public MisbehavingPlugin(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Validation validate(Settings config) {
    return act(validate, Validation.ok());
  }

  @Override
  public CredentialSession open(Settings config, SourceContext context) {
    opens.incrementAndGet();
    return act(open, new Session());
  }

  private <T> T act(Act act, T result) {
    switch (act) {
      case HANG -> {
        hanging.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted; password=" + SECRET);
        }
        return result;
      }
      case THROW -> throw new IllegalStateException("password=" + SECRET);
      case NULL -> {
        return null;
      }
      default -> {
        return result;
      }
    }
  }

  private final class Session implements CredentialSession {
    @Override
    public Credential fetch(Settings ref) throws SourceException {
      fetches.incrementAndGet();
      if (fetchFailure != null) {
        throw fetchFailure;
      }
      return act(fetch, Credential.of(new UsernamePassword("robot", SECRET), "v1"));
    }

    @Override
    public Optional<String> version(Settings ref) {
      return act(version, Optional.of("v1"));
    }

    @Override
    public Health health() {
      return act(health, Health.ready());
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }
}
