package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules a login, a stored document and a store's server must meet to reach a Secret. */
class CredentialRulesTest {

  /** Used in every rejected credential; no message may contain it. */
  private static final String SECRET = "s3cr3t-value";

  private static final String FIELD = "spec.registries[0]";

  static Stream<Arguments> rejectedLogins() {
    return Stream.of(
        Arguments.of("robot", "", "has an empty password"),
        Arguments.of("robot", "   ", "has an empty password"),
        Arguments.of("", SECRET, "has an empty username"),
        Arguments.of(" ", SECRET, "has an empty username"),
        Arguments.of("robot", SECRET + "\n", "has a control character in its password"),
        Arguments.of("ro\u0000bot", SECRET, "has a control character in its username"),
        Arguments.of(
            "robot",
            SECRET + "\uFFFD",
            "has U+FFFD in its password, which is what bytes that are not valid UTF-8 become"),
        Arguments.of("rob\uFFFDt", SECRET, "has U+FFFD in its username"),
        Arguments.of("ro:bot", SECRET, "has ':' in its username"));
  }

  @ParameterizedTest
  @MethodSource("rejectedLogins")
  void aLoginThatCannotWorkIsRejectedWithoutShowingIt(
      String username, String password, String reason) {
    assertThatThrownBy(() -> add(Optional.empty(), new UsernamePassword(username, password)))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageStartingWith(FIELD + ": the credential in the store " + reason)
        .hasMessageNotContaining(SECRET);
  }

  static Stream<Arguments> rejectedDocuments() {
    return Stream.of(
        Arguments.of(
            auth("robot:"),
            "auths key \"registry.example.com\" (in \"auth\") has an empty password"),
        Arguments.of(auth(":" + SECRET), "(in \"auth\") has an empty username"),
        Arguments.of(auth("robot" + SECRET), "has an \"auth\" without ':'"),
        Arguments.of(
            "{\"auth\":\"" + SECRET + "!\"}", "has an \"auth\" that is not base64 of UTF-8 text"),
        Arguments.of(
            authBytes(new byte[] {'r', (byte) 0xff, ':', 's', '3', 'c', 'r', '3', 't'}),
            "has an \"auth\" that is not base64 of UTF-8 text"),
        Arguments.of(
            "{\"username\":\"other\",\"auth\":\""
                + Base64.getEncoder().encodeToString(("robot:" + SECRET).getBytes())
                + "\"}",
            "has \"username\" or \"password\" that differ from its \"auth\""),
        Arguments.of(
            "{\"username\":\"ro:bot\",\"password\":\"" + SECRET + "\"}", "has ':' in its username"),
        Arguments.of(
            "{\"username\":\"robot\",\"password\":\"" + SECRET + "\\u0007\"}",
            "has a control character in its password"),
        Arguments.of(
            "{\"identitytoken\":\"" + SECRET + "\"}", "needs \"auth\", or \"username\" and"));
  }

  @ParameterizedTest
  @MethodSource("rejectedDocuments")
  void aStoredDocumentWithAnEntryThatCannotWorkIsRejectedByItsKey(String entry, String reason) {
    String document = "{\"auths\":{\"registry.example.com\":" + entry + "}}";

    assertThatThrownBy(() -> add(Optional.empty(), new DockerConfigJson(document)))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageStartingWith(FIELD + ": the stored .dockerconfigjson's auths key")
        .hasMessageContaining(reason)
        .hasMessageEndingWith("(fix the document in the store)")
        .hasMessageNotContaining(SECRET)
        .hasMessageNotContaining(entry);
  }

  @Test
  void anAuthWithAColonInThePasswordSplitsAtTheFirstColon() throws Exception {
    String document = "{\"auths\":{\"registry.example.com\":" + auth("robot:pa:ss") + "}}";

    DockerConfig config = add(Optional.empty(), new DockerConfigJson(document));

    assertThat(
            new ObjectMapper()
                .readTree(config.json())
                .at("/auths/registry.example.com/password")
                .asText())
        .isEqualTo("pa:ss");
  }

  static Stream<Arguments> rejectedKeys() {
    return Stream.of(
        Arguments.of(
            "ftp://registry.example.com", "auths key \"ftp://registry.example.com\" has scheme"),
        Arguments.of("registry.example.com?q", "contains '?'"),
        Arguments.of("robot:" + SECRET + "@registry.example.com", "(not shown: it contains '@')"),
        Arguments.of("münchen.example", "write xn--mnchen-3ya.example instead"));
  }

  @ParameterizedTest
  @MethodSource("rejectedKeys")
  void aStoredDocumentWithAKeyTheKubeletCannotMatchIsRejected(String key, String reason) {
    String document =
        "{\"auths\":{\"" + key + "\":{\"username\":\"robot\",\"password\":\"" + SECRET + "\"}}}";

    assertThatThrownBy(() -> add(Optional.empty(), new DockerConfigJson(document)))
        .hasMessageStartingWith(FIELD + ": the stored .dockerconfigjson's auths key")
        .hasMessageContaining(reason)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void twoKeysForTheSameRegistryInOneDocumentAreRejected() {
    String login = "{\"username\":\"robot\",\"password\":\"" + SECRET + "\"}";
    String document = "{\"auths\":{\"docker.io\":" + login + ",\"index.docker.io\":" + login + "}}";

    assertThatThrownBy(() -> add(Optional.empty(), new DockerConfigJson(document)))
        .hasMessage(
            FIELD
                + ": the stored .dockerconfigjson's auths key \"docker.io\" and auths key"
                + " \"index.docker.io\" are the same registry https://index.docker.io/v1/ (fix the"
                + " document in the store)");
  }

  @Test
  void aServerTheStoreNamesIsCheckedAndNamed() {
    assertThatThrownBy(
            () ->
                DockerConfig.builder()
                    .add(
                        FIELD,
                        Optional.empty(),
                        Optional.of("registry example.com"),
                        new UsernamePassword("robot", SECRET)))
        .hasMessage(
            FIELD
                + ": the store names registry \"registry example.com\" for this credential, which"
                + " contains a space at position 9; remove whitespace and control characters. Fix"
                + " it in the store, or set spec.registries[0].server");
  }

  @Test
  void aBadSpecServerNamesTheField() {
    assertThatThrownBy(
            () ->
                add(
                    Optional.of("https://registry.example.com?q"),
                    new UsernamePassword("robot", SECRET)))
        .hasMessageStartingWith(FIELD + ".server: contains '?'")
        .hasMessageNotContaining(SECRET);
  }

  private static DockerConfig add(Optional<String> server, CredentialSecret secret)
      throws InvalidCredentialException {
    return DockerConfig.builder()
        .add(FIELD, server.or(() -> Optional.of("registry.example.com")), Optional.empty(), secret)
        .build();
  }

  private static String auth(String text) {
    return authBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String authBytes(byte[] bytes) {
    return "{\"auth\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
  }
}
