package io.pullwarden.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerifyAllowListTest {

  @ParameterizedTest
  @CsvSource({
    "registry.example.com, registry.example.com, true",
    "registry.example.com, https://registry.example.com/v2/, true",
    "registry.example.com, registry.example.com/team, true",
    "registry.example.com, registry.example.com:5000, false",
    "registry.example.com:*, registry.example.com:5000, true",
    "*.example.com, eu.registry.example.com, true",
    "*.example.com, example.com.attacker.test, false",
    "*.example.com, attacker.test/x.example.com, false",
    "docker.io, docker.io, true",
    "docker.io, https://index.docker.io/v1/, true",
    "REGISTRY.example.com, registry.EXAMPLE.com, true",
  })
  void matchesTheKeysHostAndPortOnly(String pattern, String server, boolean allowed) {
    assertThat(VerifyAllowList.allows(List.of(pattern), server)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({"registry.example.com"})
  void anEmptyListAllowsNothing(String server) {
    assertThat(VerifyAllowList.allows(List.of(), server)).isFalse();
    assertThat(VerifyAllowList.allows(null, server)).isFalse();
  }
}
