package io.pullwarden.agent.source;

import io.pullwarden.agent.customresource.LeasePolicySpec;
import io.pullwarden.plugin.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * The timing rules for expiring credentials of one source, with defaults filled in: renew (or
 * re-fetch) at {@code renewAt} of the lifetime, spread by {@code jitter}; never wait less than
 * {@code floor} nor more than {@code ceiling} between refreshes of an expiring token; revoke a
 * superseded lease after {@code revokeGrace}.
 */
public record LeasePolicy(
    double renewAt,
    double jitter,
    boolean revokeSuperseded,
    Duration revokeGrace,
    Duration floor,
    Duration ceiling) {

  /** Two thirds, ten percent, revoke after two minutes, refresh tokens between 1 min and 12 h. */
  public static final LeasePolicy DEFAULT =
      new LeasePolicy(
          0.67, 0.10, true, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(12));

  /** The policy a CredentialSource's {@code spec.leases} asks for; null means the defaults. */
  public static LeasePolicy of(LeasePolicySpec spec) {
    if (spec == null) {
      return DEFAULT;
    }
    return new LeasePolicy(
        spec.getRenewAtPercent() == null ? DEFAULT.renewAt : spec.getRenewAtPercent() / 100.0,
        spec.getJitterPercent() == null ? DEFAULT.jitter : spec.getJitterPercent() / 100.0,
        Objects.requireNonNullElse(spec.getRevokeSuperseded(), DEFAULT.revokeSuperseded),
        spec.getRevokeGracePeriod() == null
            ? DEFAULT.revokeGrace
            : DurationText.parse(spec.getRevokeGracePeriod()),
        DEFAULT.floor,
        DEFAULT.ceiling);
  }
}
