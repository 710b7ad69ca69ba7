package io.pullwarden.agent.dockerconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.plugin.CredentialSecret;
import io.pullwarden.plugin.CredentialSecret.DockerConfigJson;
import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void usernamePasswordGetsTheAuthFieldTheKubeletReads() throws Exception {
    DockerConfig config =
        one("spec.registries[0]", "registry.example.com", new UsernamePassword("robot", "s3cret"));

    JsonNode entry = JSON.readTree(config.json()).at("/auths/registry.example.com");
    assertThat(entry.get("username").asText()).isEqualTo("robot");
    assertThat(entry.get("password").asText()).isEqualTo("s3cret");
    assertThat(new String(Base64.getDecoder().decode(entry.get("auth").asText())))
        .isEqualTo("robot:s3cret");
  }

  @Test
  void mergesRegistriesIntoOneDocumentWithAStableHash() throws Exception {
    DockerConfig first = twoRegistries("a", "b");
    DockerConfig again = twoRegistries("a", "b");
    DockerConfig rotated = twoRegistries("a", "c");

    assertThat(JSON.readTree(first.json()).get("auths").size()).isEqualTo(2);
    assertThat(first.hash()).isEqualTo(again.hash()).startsWith("sha256:");
    assertThat(rotated.hash()).isNotEqualTo(first.hash());
  }

  @Test
  void wholeDocumentIsReadAndNormalised() throws Exception {
    String hubAuth = Base64.getEncoder().encodeToString("hubuser:hubpass".getBytes());
    String stored =
        "{\"auths\":{\"docker.io\":{\"auth\":\""
            + hubAuth
            + "\"},\"quay.io\":{\"username\":\"q\",\"password\":\"p\"}}}";

    DockerConfig config = one("spec.registries[0]", null, new DockerConfigJson(stored));

    JsonNode auths = JSON.readTree(config.json()).get("auths");
    assertThat(auths.get("https://index.docker.io/v1/").get("username").asText())
        .isEqualTo("hubuser");
    assertThat(auths.get("quay.io").get("auth").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("q:p".getBytes()));
  }

  @Test
  void aSingleEntryDocumentIsFiledUnderTheSpecServer() throws Exception {
    String stored = "{\"auths\":{\"old.example.com\":{\"username\":\"u\",\"password\":\"p\"}}}";

    DockerConfig config =
        one("spec.registries[0]", "new.example.com", new DockerConfigJson(stored));

    assertThat(JSON.readTree(config.json()).get("auths").fieldNames())
        .toIterable()
        .containsExactly("new.example.com");
  }

  @Test
  void theStoreServerIsUsedWhenTheSpecHasNone() throws Exception {
    DockerConfig config =
        DockerConfig.builder()
            .add(
                "spec.registries[0]",
                Optional.empty(),
                Optional.of("123.dkr.ecr.eu-west-1.amazonaws.com"),
                new UsernamePassword("AWS", "token"))
            .build();

    assertThat(JSON.readTree(config.json()).get("auths").has("123.dkr.ecr.eu-west-1.amazonaws.com"))
        .isTrue();
  }

  @Test
  void errorsNameTheFieldAndNeverTheContent() {
    assertThatThrownBy(() -> one("spec.registries[1]", null, new UsernamePassword("u", "hunter2")))
        .isInstanceOf(InvalidCredentialException.class)
        .hasMessageStartingWith("spec.registries[1].server: is required")
        .hasMessageNotContaining("hunter2");

    assertThatThrownBy(
            () ->
                one(
                    "spec.registries[0]",
                    null,
                    new DockerConfigJson("{\"auths\": {\"x\": hunter2")))
        .hasMessageStartingWith(
            "spec.registries[0]: the stored .dockerconfigjson is not valid JSON")
        .hasMessageNotContaining("hunter2");

    assertThatThrownBy(
            () ->
                one(
                    "spec.registries[0]",
                    null,
                    new DockerConfigJson("{\"auths\":{\"x\":{\"password\":\"hunter2\"}}}")))
        .hasMessage(
            "spec.registries[0]: the stored .dockerconfigjson's auths key \"x\" needs \"auth\", or"
                + " \"username\" and \"password\" (fix the document in the store)");
  }

  @Test
  void theSameRegistryTwiceIsRejected() {
    assertThatThrownBy(
            () ->
                DockerConfig.builder()
                    .add(
                        "spec.registries[0]",
                        Optional.of("docker.io"),
                        Optional.empty(),
                        new UsernamePassword("a", "b"))
                    .add(
                        "spec.registries[1]",
                        Optional.of("index.docker.io"),
                        Optional.empty(),
                        new UsernamePassword("c", "d")))
        .hasMessage(
            "spec.registries[1]: registry https://index.docker.io/v1/ is already given by"
                + " spec.registries[0]; give it once");
  }

  private static DockerConfig one(String field, String server, CredentialSecret secret)
      throws InvalidCredentialException {
    return DockerConfig.builder()
        .add(field, Optional.ofNullable(server), Optional.empty(), secret)
        .build();
  }

  private static DockerConfig twoRegistries(String firstPassword, String secondPassword)
      throws InvalidCredentialException {
    return DockerConfig.builder()
        .add(
            "spec.registries[0]",
            Optional.of("b.example.com"),
            Optional.empty(),
            new UsernamePassword("u", secondPassword))
        .add(
            "spec.registries[1]",
            Optional.of("a.example.com"),
            Optional.empty(),
            new UsernamePassword("u", firstPassword))
        .build();
  }
}
