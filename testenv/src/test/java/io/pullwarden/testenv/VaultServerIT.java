package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VaultExtension.class)
class VaultServerIT {

  @Test
  void kvVersion2KeepsEveryVersionOfASecret(VaultServer vault) {
    VaultApi api = vault.api();
    String path = "smoke/" + UUID.randomUUID();

    api.write("secret/data/" + path, Map.of("data", Map.of("username", "first", "password", "1")));
    JsonNode written =
        api.write("secret/data/" + path, Map.of("data", Map.of("username", "second")));

    assertThat(written.path("data").path("version").asInt()).isEqualTo(2);
    JsonNode data = api.read("secret/data/" + path).path("data").path("data");
    assertThat(data.path("username").asText()).isEqualTo("second");
    assertThat(data.has("password")).as("a new version replaces the whole map").isFalse();
    assertThat(api.read("secret/metadata/" + path).path("data").path("current_version").asInt())
        .isEqualTo(2);
  }

  @Test
  void sealedServerUnsealsWithItsUnsealKeyAndKeepsItsData(VaultServer vault) {
    VaultApi api = vault.api();
    String path = "smoke/" + UUID.randomUUID();
    api.write("secret/data/" + path, Map.of("data", Map.of("kept", "yes")));

    api.write("sys/seal", Map.of());
    assertThat(api.read("sys/seal-status").path("sealed").asBoolean()).isTrue();

    JsonNode unsealed = api.write("sys/unseal", Map.of("key", vault.unsealKey()));
    assertThat(unsealed.path("sealed").asBoolean()).isFalse();
    // sys/health answers an error status until the unsealed server is active again.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> !api.read("sys/health").path("sealed").asBoolean());
    assertThat(api.read("secret/data/" + path).path("data").path("data").path("kept").asText())
        .isEqualTo("yes");
  }
}
