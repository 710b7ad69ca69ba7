package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OpenBaoTlsExtension.class)
class OpenBaoTlsServerIT {

  @Test
  void httpsWorksWhenTrustingOnlyTheServersCa(OpenBaoTlsServer vault) throws Exception {
    assertThat(vault.address().getScheme()).isEqualTo("https");
    assertThat(Files.readString(vault.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");

    try (HttpClient client = HttpClient.newBuilder().sslContext(vault.sslContext()).build()) {
      HttpResponse<String> health =
          client.send(request(vault), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
    assertThat(vault.api().read("sys/mounts").path("data").has("secret/")).isTrue();
  }

  @Test
  void theJdkDefaultTrustStoreRejectsTheServer(OpenBaoTlsServer vault) {
    try (HttpClient client = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> client.send(request(vault), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  private static HttpRequest request(OpenBaoTlsServer vault) {
    return HttpRequest.newBuilder(vault.address().resolve("/v1/sys/health")).build();
  }
}
