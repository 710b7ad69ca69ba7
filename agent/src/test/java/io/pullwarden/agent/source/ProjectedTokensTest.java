package io.pullwarden.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectedTokensTest {

  @TempDir Path root;
  private Path tokens;
  private ProjectedTokens projected;

  @BeforeEach
  void directories() throws Exception {
    tokens = Files.createDirectories(root.resolve("tokens"));
    projected = new ProjectedTokens(List.of(tokens));
  }

  @Test
  void aSourceReadsTheTokenInItsOwnDirectoryByAbsoluteOrRelativePath() throws Exception {
    Path token = write(tokens.resolve("vault-prod/token"));

    assertThat(projected.decide("vault-prod", token))
        .isEqualTo(new ProjectedTokens.Decision.Read(token.toRealPath()));
    assertThat(projected.decide("vault-prod", Path.of("token")))
        .isEqualTo(new ProjectedTokens.Decision.Read(token.toRealPath()));
  }

  @Test
  void aProjectedVolumesLinksAreFollowedInsideTheDirectory() throws Exception {
    Path own = Files.createDirectories(tokens.resolve("vault-prod"));
    Path data = Files.createDirectories(own.resolve("..2026_11_30"));
    write(data.resolve("token"));
    Files.createSymbolicLink(own.resolve("..data"), data.getFileName());
    Path token = Files.createSymbolicLink(own.resolve("token"), Path.of("..data/token"));

    assertThat(projected.decide("vault-prod", token))
        .isEqualTo(new ProjectedTokens.Decision.Read(data.resolve("token").toRealPath()));
  }

  @Test
  void anotherSourcesTokenIsRefused() throws Exception {
    Path theirs = write(tokens.resolve("vault-prod/token"));

    assertThat(projected.decide("mallory", theirs))
        .isInstanceOfSatisfying(
            ProjectedTokens.Decision.Refused.class,
            refused ->
                assertThat(refused.message())
                    .contains("outside CredentialSource mallory's projected-token directory")
                    .contains("storeTokens, an entry named mallory"));
  }

  @Test
  void aFileOutsideTheDirectoriesIsRefused() throws Exception {
    Path elsewhere = write(root.resolve("id_rsa"));

    assertThat(projected.decide("vault-prod", elsewhere))
        .isInstanceOf(ProjectedTokens.Decision.Refused.class);
  }

  @Test
  void aLinkInsideTheOwnDirectoryThatLeadsOutIsRefused() throws Exception {
    Path secret = write(root.resolve("agent-token"));
    Path own = Files.createDirectories(tokens.resolve("vault-prod"));
    Path link = Files.createSymbolicLink(own.resolve("token"), secret);

    assertThat(projected.decide("vault-prod", link))
        .isInstanceOf(ProjectedTokens.Decision.Refused.class);
  }

  @Test
  void dotDotCannotClimbIntoAnotherSourcesDirectory() throws Exception {
    write(tokens.resolve("vault-prod/token"));
    Files.createDirectories(tokens.resolve("mallory"));

    assertThat(projected.decide("mallory", Path.of("../vault-prod/token")))
        .isInstanceOf(ProjectedTokens.Decision.Refused.class);
    assertThat(projected.decide("mallory", tokens.resolve("mallory/../vault-prod/token")))
        .isInstanceOf(ProjectedTokens.Decision.Refused.class);
  }

  @Test
  void theAgentsOwnApiTokenIsRefusedEvenIfItsDirectoryIsListed() throws Exception {
    Path agentToken = Path.of(ProjectedTokens.AGENT_TOKEN);
    ProjectedTokens listed = new ProjectedTokens(List.of(Path.of("/var/run/secrets")));

    // Only where a kubelet mounted it does the file exist; elsewhere it is simply not there.
    assertThat(listed.decide("kubernetes.io", Path.of("serviceaccount/token")))
        .isInstanceOf(ProjectedTokens.Decision.Refused.class);
    assertThat(listed.decide("kubernetes.io", agentToken))
        .isInstanceOf(ProjectedTokens.Decision.Refused.class);
  }

  @Test
  void aMissingTokenSaysWhereToMountOne() {
    assertThat(projected.decide("vault-prod", Path.of("token")))
        .isInstanceOfSatisfying(
            ProjectedTokens.Decision.Refused.class,
            refused ->
                assertThat(refused.message())
                    .startsWith("no token at " + tokens.resolve("vault-prod/token"))
                    .contains("an entry named vault-prod"));
  }

  private static Path write(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, "jwt");
  }
}
