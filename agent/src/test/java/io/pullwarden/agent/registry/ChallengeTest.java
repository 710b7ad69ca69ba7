package io.pullwarden.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

  @Test
  void readsDockerHubsBearerChallenge() {
    assertThat(
            Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/nginx:pull,push\""))
        .contains(
            new Challenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:library/nginx:pull,push")));
  }

  @Test
  void readsBasicWithUnquotedAndEscapedValues() {
    assertThat(Challenge.parse("basic realm=plain, charset=\"UTF\\\"-8\""))
        .contains(new Challenge("basic", Map.of("realm", "plain", "charset", "UTF\"-8")));
  }

  @Test
  void picksTheFirstSchemeItKnows() {
    assertThat(Challenge.first(List.of("Negotiate abc", "Basic realm=\"r\"")))
        .map(Challenge::scheme)
        .contains("basic");
    assertThat(Challenge.first(List.of("Negotiate abc"))).isEmpty();
  }
}
