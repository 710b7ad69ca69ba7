package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryServerTest {

  static Stream<Arguments> rejected() {
    String longHost = "r".repeat(10 * 1024) + ".example.com";
    String label64 = "a".repeat(64);
    String host300 =
        String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60))
            + "."
            + String.join(".", "d".repeat(60), "e".repeat(60));
    return Stream.of(
        Arguments.of("registry .example.com", "contains a space at position 9"),
        Arguments.of("registry.example.com\nevil.example.com", "contains U+000A at position 21"),
        Arguments.of("\u0000registry.example.com", "contains U+0000 at position 1"),
        Arguments.of("registry.example.com\u0000", "contains U+0000 at position 21"),
        Arguments.of("registry\u200b.example.com", "contains U+200B"),
        Arguments.of("ftp://registry.example.com", "has scheme \"ftp://\""),
        Arguments.of("ftp://x?q#f", "contains '?'"),
        Arguments.of("HTTPS://registry.example.com", "(in lower case)"),
        Arguments.of("https://registry.example.com?q", "contains '?'"),
        Arguments.of("registry.example.com#f", "contains '#'"),
        Arguments.of("user@registry.example.com", "contains '@' (user@host)"),
        Arguments.of("https://user:pw@registry.example.com", "contains '@' (user@host)"),
        Arguments.of(longHost, "is " + longHost.length() + " characters long; a registry"),
        Arguments.of(label64 + ".example.com", "has a host label of 64 characters"),
        Arguments.of(host300, "has a host of 304 characters; a host name has at most 253"),
        Arguments.of("registry.example.com:0", "has port \"0\"; a port is a number from 1"),
        Arguments.of("registry.example.com:65536", "has port \"65536\""),
        Arguments.of("registry.example.com:abc", "has port \"abc\""),
        Arguments.of("registry.example.com:", "has ':' without a port"),
        Arguments.of("", "is empty"),
        Arguments.of("   ", "is empty"),
        Arguments.of("https://", "has no host"),
        Arguments.of("https:///v2/", "has no host"),
        Arguments.of(":5000", "has no host"),
        Arguments.of("registry..example.com", "has an empty label"),
        Arguments.of("registry.example.com.", "has an empty label"),
        Arguments.of("-registry.example.com", "has host label \"-registry\""),
        Arguments.of("registry_1.example.com", "has host label \"registry_1\""),
        Arguments.of("reg*.example.com", "'*' may only stand for a whole label"),
        Arguments.of("*.*", "would match any registry"),
        Arguments.of("10.0.0.256", "is not an IPv4 address"),
        Arguments.of("10.0.1", "is not an IPv4 address"),
        Arguments.of("::1", "more than one ':'"),
        Arguments.of("[::1", "has '[' without ']'"),
        Arguments.of("[::g]:5000", "invalid IPv6 address"),
        Arguments.of("[fe80::1%eth0]", "invalid IPv6 address"),
        Arguments.of("[::1]x", "only :port may follow"),
        Arguments.of("registry.example.com/a b", "contains a space"),
        Arguments.of("registry.example.com/a%20b", "has '%' in its path"),
        Arguments.of("registry.example.com/ü", "has U+00FC in its path"),
        Arguments.of(
            "münchen.example",
            "has a non-ASCII (internationalised) host, which the kubelet compares only in its"
                + " ASCII form; write xn--mnchen-3ya.example instead"),
        Arguments.of(
            "https://münchen.example:5000/team",
            "write https://xn--mnchen-3ya.example:5000/team instead"),
        Arguments.of("*.münchen.example", "write *.xn--mnchen-3ya.example instead"));
  }

  @ParameterizedTest
  @MethodSource("rejected")
  void serversTheKubeletCannotMatchAreRejectedWithAReason(String server, String reason) {
    assertThat(RegistryServer.problem(server))
        .hasValueSatisfying(p -> assertThat(p).contains(reason));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "registry.example.com                      | registry.example.com",
        "registry.example.com:5000                 | registry.example.com:5000",
        "'  registry.example.com\n'                | registry.example.com",
        "https://registry.example.com/v2/          | https://registry.example.com/v2/",
        "https://registry.example.com/v1/          | https://registry.example.com/v1/",
        "https://quay.io/                          | https://quay.io",
        "http://10.0.0.1:5000/path/prefix          | http://10.0.0.1:5000/path/prefix",
        "http://10.0.0.1:5000/path/prefix/         | http://10.0.0.1:5000/path/prefix",
        "[::1]:5000                                | [::1]:5000",
        "https://[fd00::1]/                        | https://[fd00::1]",
        "localhost:5000                            | localhost:5000",
        "*.example.com                             | *.example.com",
        "prefix.*.example.com:443                  | prefix.*.example.com:443",
        "123.dkr.ecr.eu-west-1.amazonaws.com       | 123.dkr.ecr.eu-west-1.amazonaws.com",
        "xn--mnchen-3ya.example                    | xn--mnchen-3ya.example",
        "registry.example.com:65535                | registry.example.com:65535",
        "docker.io                                 | https://index.docker.io/v1/",
        "index.docker.io                           | https://index.docker.io/v1/",
        "https://index.docker.io/v1/               | https://index.docker.io/v1/",
        "registry-1.docker.io                      | https://index.docker.io/v1/",
        "https://docker.io                         | https://index.docker.io/v1/",
      })
  void serversTheKubeletMatchesAreAcceptedAndNormalised(String server, String key) {
    assertThat(RegistryServer.problem(server)).isEmpty();
    assertThat(RegistryServer.normalize(server)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://user:hunter2@registry.example.com", "hunter2@r.example.com"})
  void aServerThatMayHoldALoginIsNeverShown(String server) {
    assertThat(Quoted.server(server)).doesNotContain("hunter2");
    assertThat(RegistryServer.problem(server))
        .hasValueSatisfying(p -> assertThat(p).doesNotContain("hunter2"));
  }
}
