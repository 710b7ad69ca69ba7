package io.pullwarden.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class KubernetesServerIT {

  @Test
  void namespaceIsCreatedAndSecretWatchDeliversEvents(KubernetesServer server) throws Exception {
    try (KubernetesClient client = server.newClient()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("smoke").endMetadata().build())
          .create();
      assertThat(client.namespaces().withName("smoke").get().getStatus().getPhase())
          .isEqualTo("Active");

      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      try (Watch ignored = client.secrets().inNamespace("smoke").watch(new Recorder(events))) {
        client
            .secrets()
            .inNamespace("smoke")
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("watched")
                    .endMetadata()
                    .withType("kubernetes.io/dockerconfigjson")
                    .withStringData(Map.of(".dockerconfigjson", "{\"auths\":{}}"))
                    .build())
            .create();

        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED smoke/watched");
      }
      assertThat(client.getKubernetesVersion().getGitVersion())
          .isEqualTo("v" + TestDependencies.version("KUBERNETES_VERSION"));
    }
  }

  private record Recorder(BlockingQueue<String> events) implements Watcher<Secret> {
    @Override
    public void eventReceived(Action action, Secret secret) {
      events.add(
          action
              + " "
              + secret.getMetadata().getNamespace()
              + "/"
              + secret.getMetadata().getName());
    }

    @Override
    public void onClose(WatcherException cause) {}
  }
}
