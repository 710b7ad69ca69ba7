package io.pullwarden.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which name a replica gives itself in the Lease and on its Events. */
class ReplicaIdentityTest {

  @Test
  void inAPodItIsThePodName() {
    assertThat(ReplicaIdentity.of(Map.of("POD_NAME", "pullwarden-5f7c9d-q8x2z", "HOSTNAME", "h")))
        .isEqualTo("pullwarden-5f7c9d-q8x2z");
  }

  @Test
  void elsewhereTwoAgentsOnOneHostHaveDifferentNames() {
    String one = ReplicaIdentity.of(Map.of("HOSTNAME", "laptop"));
    String other = ReplicaIdentity.of(Map.of("HOSTNAME", "laptop"));

    assertThat(one).matches("laptop-[0-9a-f]{8}");
    assertThat(other).isNotEqualTo(one);
    assertThat(ReplicaIdentity.of(Map.of("POD_NAME", " "))).startsWith("pullwarden-");
  }
}
