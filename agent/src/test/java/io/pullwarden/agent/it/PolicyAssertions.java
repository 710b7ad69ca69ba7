package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What a refusal by one of the chart's admission policies looks like to a client. */
final class PolicyAssertions {

  private PolicyAssertions() {}

  /** {@code call} is refused with 403 or 422, and the message names the policy that refused it. */
  static void assertRefusedBy(String policy, String write, ThrowingCallable call) {
    assertThatThrownBy(call)
        .as(write)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(write + ": HTTP status").isIn(403, 422);
              assertThat(e.getMessage())
                  .as(write + ": message")
                  .contains("ValidatingAdmissionPolicy '" + policy + "'");
            });
  }
}
