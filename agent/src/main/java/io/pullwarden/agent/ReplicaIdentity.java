package io.pullwarden.agent;

import java.util.Map;
import java.util.UUID;

/**
 * This replica's name, read once per process: the holder identity it writes into the leader
 * election Lease and the {@code reportingInstance} of its Events, so that with two replicas a
 * reader can tell which one did what. In a cluster it is the pod name (the chart sets {@code
 * POD_NAME} from the downward API); elsewhere the host name with a random suffix, so two agents on
 * one machine never share a name.
 */
final class ReplicaIdentity {

  private ReplicaIdentity() {}

  static String fromEnvironment() {
    return of(System.getenv());
  }

  static String of(Map<String, String> environment) {
    String pod = environment.get("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = environment.get("HOSTNAME");
    return (host == null || host.isBlank() ? "pullwarden" : host)
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
