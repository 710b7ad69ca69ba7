package io.pullwarden.agent.cli;

import java.util.List;

/**
 * The agent's replicas as the API server lists them, for {@code check-ready}: behind an interface
 * so the command's test lists replicas of its own instead of a cluster's pods.
 */
interface AgentReplicas {

  /** The pods in {@code namespace} that match {@code selector} and are not being deleted. */
  List<Replica> list(String namespace, String selector);

  /**
   * One replica.
   *
   * @param name the pod's name
   * @param address the pod's IP, or null while it has none
   */
  record Replica(String name, String address) {}
}
