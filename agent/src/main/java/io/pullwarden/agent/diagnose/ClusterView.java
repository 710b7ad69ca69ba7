package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.customresource.PullSecretSync;
import java.util.List;
import java.util.Optional;

/**
 * The few reads {@code pullwarden diagnose} makes of a cluster, behind an interface so the decision
 * logic runs the same against the API server, a manifest file (offline) or a unit test's objects.
 */
public interface ClusterView {

  /** ServiceAccount {@code name} in {@code namespace}, if it exists. */
  Optional<ServiceAccount> serviceAccount(String namespace, String name);

  /** Secret {@code name} in {@code namespace}, if it exists (read, never printed). */
  Optional<Secret> secret(String namespace, String name);

  /** The namespaces that hold a Secret called {@code name}; empty when that cannot be listed. */
  List<String> namespacesWithSecret(String name);

  /** PullSecretSync {@code name}, if it exists. */
  Optional<PullSecretSync> pullSecretSync(String name);

  /** The Events about pod {@code pod} in {@code namespace}, oldest first. */
  List<PullEvent> podEvents(String namespace, String pod);
}
