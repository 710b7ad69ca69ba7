package io.pullwarden.plugins.awsecr;

import static org.assertj.core.api.Assertions.assertThat;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugins.aws.ExampleManifests;
import io.pullwarden.plugins.aws.MotoSource;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import io.pullwarden.testenv.MotoExtension;
import io.pullwarden.testenv.MotoServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** examples/aws-ecr applies as it is, and the plugin accepts its config and refs. */
@ExtendWith({KubernetesExtension.class, MotoExtension.class})
class EcrExamplesIT {

  @Test
  void examplesApplyAndParse(KubernetesServer kubernetes, MotoServer moto) throws Exception {
    try (MotoSource source = MotoSource.start(kubernetes, moto)) {
      List<Settings> refs =
          ExampleManifests.check(source.context().client(), "aws-ecr", new EcrSourceFactory());
      for (Settings ref : refs) {
        assertThat(EcrRef.parse(ref).registryId()).isEmpty();
      }
    }
  }
}
