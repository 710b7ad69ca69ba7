package io.pullwarden.agent.it;

import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.SharedServerExtension;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Gives a test the module's shared {@link RunningAgent}, started on first use. */
final class AgentExtension extends SharedServerExtension<RunningAgent> {

  AgentExtension() {
    super(RunningAgent.class);
  }

  @Override
  protected RunningAgent start(ExtensionContext context) {
    return RunningAgent.start(new KubernetesExtension().server(context));
  }
}
