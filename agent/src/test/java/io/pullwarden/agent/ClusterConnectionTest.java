package io.pullwarden.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusterConnectionTest {

  @Test
  void usesHttp11WhenTheOperatorSaidNothing() {
    assertThat(ClusterConnection.operatorChoseProtocol(Map.of(), new Properties())).isFalse();
    assertThat(ClusterConnection.config(Map.of(), new Properties()).isHttp2Disable()).isTrue();
  }

  @Test
  void leavesTheProtocolToFabric8WhenTheEnvironmentSetsIt() {
    assertThat(
            ClusterConnection.operatorChoseProtocol(
                Map.of("HTTP2_DISABLE", "false"), new Properties()))
        .isTrue();
  }

  @Test
  void leavesTheProtocolToFabric8WhenASystemPropertySetsIt() {
    Properties properties = new Properties();
    properties.setProperty("http2.disable", "false");
    assertThat(ClusterConnection.operatorChoseProtocol(Map.of(), properties)).isTrue();
  }
}
