package io.pullwarden.agent;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up this replica's leader-election Lease when the agent stops gracefully, so that a standby
 * takes over at its next retry instead of after the lease duration: without it every rolling update
 * leaves the cluster without a writer for up to one lease duration.
 *
 * <p>The libraries do not do it. Java Operator SDK 5.2.3 builds fabric8's {@code
 * LeaderElectionConfig} with {@code releaseOnCancel} false and has no setting for it; and fabric8
 * 7.6.1's own {@code LeaderElector.release()} sends the cleared holder in a JSON merge patch, from
 * which the null {@code holderIdentity} is dropped, so the holder stays and a fabric8 standby
 * (which counts with its own lease duration, not the Lease's) still waits it out. So the agent
 * releases it itself, once the operator has stopped and nothing renews the Lease any more: one JSON
 * patch that removes the holder only if it is still this replica (the {@code test} operation), so a
 * replica that already lost the Lease never clears its successor.
 */
final class LeaseRelease {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Agent.Election election;

  LeaseRelease(KubernetesClient client, String namespace, Agent.Election election) {
    this.client = client;
    this.namespace = namespace;
    this.election = election;
  }

  /** Removes this replica as the Lease's holder; true if it held the Lease and now does not. */
  boolean release() {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(election.leaseName()).get();
      if (lease == null
          || lease.getSpec() == null
          || !election.identity().equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      String patch =
          client
              .getKubernetesSerialization()
              .asJson(
                  List.of(
                      Map.of(
                          "op", "test",
                          "path", "/spec/holderIdentity",
                          "value", election.identity()),
                      Map.of("op", "remove", "path", "/spec/holderIdentity")));
      // resource(lease): the patch goes to the Lease just read, without reading it again.
      client.leases().resource(lease).patch(PatchContext.of(PatchType.JSON), patch);
      LOG.info("released the Lease {}/{}", namespace, election.leaseName());
      return true;
    } catch (KubernetesClientException e) {
      // A failed test (another replica took the Lease meanwhile) or an unreachable API server: the
      // Lease then runs out after its duration, as it would without a release.
      LOG.warn(
          "could not release the Lease {}/{} (HTTP {}): {}",
          namespace,
          election.leaseName(),
          e.getCode(),
          e.getMessage());
      return false;
    }
  }
}
