package io.pullwarden.plugins.awsecr;

import io.pullwarden.plugin.SourceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * ECR in memory: each call issues {@code AWS:token-<n>} for the asked registry (default {@code
 * 123456789012}) with the expiry a test chooses, and records which registries were asked for.
 */
final class FakeRegistryTokens implements RegistryTokens {

  final List<Optional<String>> calls = new ArrayList<>();
  Optional<Instant> expiresAt = Optional.empty();
  String token;
  SourceException failure;
  boolean closed;

  @Override
  public AuthorizationData authorize(EcrRef ref) throws SourceException {
    calls.add(ref.registryId());
    if (failure != null) {
      throw failure;
    }
    String account = ref.registryId().orElse("123456789012");
    String issued =
        token != null
            ? token
            : Base64.getEncoder()
                .encodeToString(("AWS:token-" + calls.size()).getBytes(StandardCharsets.UTF_8));
    return new AuthorizationData(
        issued, expiresAt, "https://" + account + ".dkr.ecr.eu-west-1.amazonaws.com");
  }

  @Override
  public void close() {
    closed = true;
  }
}
