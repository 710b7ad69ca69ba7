package io.pullwarden.plugins.awsecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pullwarden.plugin.CredentialSecret.UsernamePassword;
import io.pullwarden.plugin.SourceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryLoginTest {

  @ParameterizedTest
  @CsvSource({"AWS:eyJwYXlsb2FkIjoi, AWS, eyJwYXlsb2FkIjoi", "AWS:a:b, AWS, a:b"})
  void decodesUserAndPasswordAtTheFirstColon(String decoded, String user, String password)
      throws Exception {
    assertThat(RegistryLogin.decode(base64(decoded)))
        .isEqualTo(new UsernamePassword(user, password));
  }

  @ParameterizedTest
  @ValueSource(strings = {"AWS", ":hunter2", "AWS:"})
  void rejectsTokensWithoutUserAndPassword(String decoded) {
    assertThatThrownBy(() -> RegistryLogin.decode(base64(decoded)))
        .isInstanceOf(SourceException.Transient.class)
        .hasMessageNotContaining(decoded);
  }

  @ParameterizedTest
  @CsvSource({
    "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com, 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
    "HTTPS://1.dkr.ecr.cn-north-1.amazonaws.com.cn/, 1.dkr.ecr.cn-north-1.amazonaws.com.cn",
    "127.0.0.1:5000, 127.0.0.1:5000"
  })
  void theServerIsTheProxyEndpointsHost(String proxyEndpoint, String host) {
    assertThat(RegistryLogin.host(proxyEndpoint)).isEqualTo(host);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
