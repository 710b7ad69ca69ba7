package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pull Secrets a pod names, looked up in its namespace as the kubelet looks them up: found and
 * usable (with their auths keys), skipped, unparseable, or missing (and then where else a Secret of
 * that name is). What is wrong with each is kept as evidence, in the pod's order.
 *
 * @param found the Secrets that exist, by name
 * @param usable the auths keys of each usable Secret, in the pod's order
 * @param skipped the Secrets the kubelet skips
 * @param unparseable the first Secret whose document the kubelet cannot parse, if any
 * @param missing the Secrets not in the namespace
 * @param elsewhere for each missing Secret, the namespaces that have one of that name
 * @param problems what is wrong, one Secret a line
 */
record PullSecrets(
    Map<String, Secret> found,
    Map<String, List<String>> usable,
    List<String> skipped,
    Optional<String> unparseable,
    List<String> missing,
    Map<String, List<String>> elsewhere,
    List<String> problems) {

  static PullSecrets load(ClusterView cluster, String namespace, List<String> names) {
    Map<String, Secret> found = new LinkedHashMap<>();
    Map<String, List<String>> usable = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    Optional<String> unparseable = Optional.empty();
    List<String> missing = new ArrayList<>();
    Map<String, List<String>> elsewhere = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      Optional<Secret> secret = cluster.secret(namespace, name);
      if (secret.isEmpty()) {
        List<String> others =
            cluster.namespacesWithSecret(name).stream().filter(n -> !n.equals(namespace)).toList();
        missing.add(name);
        elsewhere.put(name, others);
        problems.add(
            "Secret "
                + name
                + " is not in namespace "
                + namespace
                + (others.isEmpty()
                    ? " nor in any namespace this user can list"
                    : "; namespaces " + others + " have one"));
        continue;
      }
      found.put(name, secret.get());
      switch (PullSecretDocument.read(secret.get())) {
        case PullSecretDocument.Usable u -> usable.put(name, u.keys());
        case PullSecretDocument.Skipped s -> {
          skipped.add(name);
          problems.add("Secret " + name + " " + s.problem() + "; the kubelet skips it");
        }
        case PullSecretDocument.Unparseable u -> {
          unparseable = unparseable.or(() -> Optional.of(name));
          problems.add(
              "Secret " + name + " " + u.problem() + "; the kubelet fails every pull of the pod");
        }
      }
    }
    return new PullSecrets(found, usable, skipped, unparseable, missing, elsewhere, problems);
  }
}
