package io.pullwarden.agent.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamespacePatternTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "team-*,     team-a,          true",
    "team-*,     team-,           true",
    "team-*,     team,            false",
    "team-*,     my-team-a,       false",
    "*-prod,     shop-prod,       true",
    "*-prod,     shop-prod-2,     false",
    "*-prod,     -prod,           true",
    "*,          anything,        true",
    "*,          '',              true",
    "team-?,     team-a,          true",
    "team-?,     team-ab,         false",
    "team-?,     team-,           false",
    "a*b*c,      abc,             true",
    "a*b*c,      axxbyyc,         true",
    "a*b*c,      axxbyy,          false",
    "a*b*c,      abcbc,           true",
    "*a*,        banana,          true",
    "*a*,        berry,           false",
    "??-*-?,     eu-shop-1,       true",
    "??-*-?,     e-shop-1,        false",
    "exact,      exact,           true",
    "exact,      exact2,          false",
    "**,         x,               true",
    "a**b,       ab,              true",
  })
  void matchesLikeAShell(String pattern, String name, boolean matches) {
    assertThat(NamespacePattern.of(pattern).matches(name)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "team-[ab]",
        "team-{a,b}",
        "Team-*",
        "team_*",
        "-team",
        "team-",
        "team.*",
        "team/*",
        "",
        "team-*-" + "x" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void anythingButNamesStarAndQuestionMarkIsRefusedSayingWhatIsAllowed(String pattern) {
    assertThat(NamespacePattern.problem(pattern))
        .hasValueSatisfying(
            problem -> assertThat(problem).contains("'*' stands for any characters"));
    assertThatThrownBy(() -> NamespacePattern.of(pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"team-a", "*", "?", "team-*", "*-prod", "a?c", "kube-system"})
  void namesAndPatternsOfThemAreAccepted(String pattern) {
    assertThat(NamespacePattern.problem(pattern)).isEmpty();
  }
}
