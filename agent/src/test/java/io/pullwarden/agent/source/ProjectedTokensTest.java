package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectedTokensTest {

  @TempDir Path root;

  @Test
  void aTokenInsideAProjectedTokenDirectoryMayBeRead() throws Exception {
    Path tokens = Files.createDirectories(root.resolve("tokens/vault"));
    Path token = Files.writeString(tokens.resolve("token"), "jwt");

    assertThat(new ProjectedTokens(List.of(root.resolve("tokens"))).refusal(token)).isEmpty();
  }

  @Test
  void aProjectedVolumesLinksAreFollowedInsideTheDirectory() throws Exception {
    Path tokens = Files.createDirectories(root.resolve("tokens/vault"));
    Path data = Files.createDirectories(tokens.resolve("..2026_11_30"));
    Files.writeString(data.resolve("token"), "jwt");
    Files.createSymbolicLink(tokens.resolve("..data"), data.getFileName());
    Path token = Files.createSymbolicLink(tokens.resolve("token"), Path.of("..data/token"));

    assertThat(new ProjectedTokens(List.of(root.resolve("tokens"))).refusal(token)).isEmpty();
  }

  @Test
  void aFileOutsideTheDirectoriesIsRefusedAndTheMessageSaysWhereTokensGo() throws Exception {
    Path elsewhere = Files.writeString(root.resolve("id_rsa"), "key");

    assertThat(new ProjectedTokens(List.of(root.resolve("tokens"))).refusal(elsewhere))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains(elsewhere.toString())
                    .contains("outside the agent's projected-token directories")
                    .contains("storeTokens"));
  }

  @Test
  void aLinkInsideTheDirectoryThatLeadsOutIsRefused() throws Exception {
    Path tokens = Files.createDirectories(root.resolve("tokens"));
    Path secret = Files.writeString(root.resolve("agent-token"), "jwt");
    Path link = Files.createSymbolicLink(tokens.resolve("vault"), secret);

    assertThat(new ProjectedTokens(List.of(tokens)).refusal(link)).isPresent();
  }

  @Test
  void dotDotCannotClimbOutOfTheDirectory() throws Exception {
    Files.createDirectories(root.resolve("tokens"));
    Path climbing = root.resolve("tokens/../etc-passwd");

    assertThat(new ProjectedTokens(List.of(root.resolve("tokens"))).refusal(climbing)).isPresent();
  }

  @Test
  void theAgentsOwnApiTokenIsRefusedEvenIfItsDirectoryIsListed() {
    Path agentToken = Path.of(ProjectedTokens.AGENT_TOKEN);

    assertThat(new ProjectedTokens(List.of(agentToken.getParent())).refusal(agentToken))
        .hasValueSatisfying(message -> assertThat(message).contains("the agent's own API token"));
  }

  @Test
  void theDirectoryItselfAndARelativePathAreRefused() {
    Path tokens = root.resolve("tokens");

    assertThat(new ProjectedTokens(List.of(tokens)).refusal(tokens)).isPresent();
    assertThat(new ProjectedTokens(List.of(tokens)).refusal(Path.of("token"))).isPresent();
  }
}
