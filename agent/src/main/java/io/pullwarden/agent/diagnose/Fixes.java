package io.pullwarden.agent.diagnose;

import io.pullwarden.agent.dockerconfig.KubeletKeyring;
import io.pullwarden.agent.dockerconfig.RegistryServer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The commands that fix each cause, with the names of the case filled in. A Pullwarden-managed
 * Secret is fixed through its PullSecretSync (an edit of the Secret would be undone); a
 * ServiceAccount is patched with a JSON patch that appends, so its other imagePullSecrets stay (a
 * merge patch of the list would replace them). Credentials appear only as placeholders. Every value
 * from the cluster or a manifest is a {@link Shell#quote shell word}, so a tenant's name or image
 * cannot run code when the command is pasted.
 */
final class Fixes {

  private Fixes() {}

  static List<String> noPullSecrets(Subject subject, List<String> accountSecrets) {
    if (subject.exists() && !accountSecrets.isEmpty()) {
      return List.of(
          "kubectl delete pod "
              + Shell.quote(subject.pod().orElse("POD"))
              + " -n "
              + Shell.quote(subject.namespace())
              + "   # its controller creates it again; admission then adds "
              + accountSecrets.stream().map(Shell::quote).toList());
    }
    return List.of(
        "create a PullSecretSync whose spec.namespaces selects "
            + subject.namespace()
            + " and whose spec.serviceAccounts lists "
            + subject.serviceAccount()
            + " (README, PullSecretSync), or attach an existing pull Secret:",
        attach(subject.namespace(), subject.serviceAccount(), List.of("SECRET"), false));
  }

  static List<String> customAccount(
      Subject subject, List<String> defaultSecrets, Optional<String> sync) {
    String patch = attach(subject.namespace(), subject.serviceAccount(), defaultSecrets, false);
    return sync.map(
            name ->
                List.of(
                    "kubectl patch pullsecretsync "
                        + Shell.quote(name)
                        + " --type=json -p "
                        + Shell.quote(
                            "[{\"op\":\"add\",\"path\":\"/spec/serviceAccounts/-\",\"value\":"
                                + Shell.json(subject.serviceAccount())
                                + "}]"),
                    "or, by hand: " + patch))
        .orElse(List.of(patch));
  }

  static List<String> otherNamespace(
      String namespace, String secret, String elsewhere, Optional<String> sync) {
    return sync.map(
            name ->
                List.of(
                    "kubectl edit pullsecretsync "
                        + Shell.quote(name)
                        + "   # add "
                        + Shell.quote(namespace)
                        + " to spec.namespaces.names (or label it to match the selector)"))
        .orElse(
            List.of(
                "kubectl get secret "
                    + Shell.quote(secret)
                    + " -n "
                    + Shell.quote(elsewhere)
                    + " -o json | jq 'del(.metadata.namespace, .metadata.uid,"
                    + " .metadata.resourceVersion, .metadata.creationTimestamp)' | kubectl apply -n "
                    + Shell.quote(namespace)
                    + " -f -",
                "or let a PullSecretSync write it to " + namespace + " and keep it current"));
  }

  static List<String> recreate(String namespace, String secret, String image) {
    return List.of(
        "kubectl create secret docker-registry "
            + Shell.quote(secret)
            + " -n "
            + Shell.quote(namespace)
            + " --docker-server="
            + Shell.quote(server(image))
            + " --docker-username=USER --docker-password=\"$PASSWORD\" --dry-run=client -o yaml"
            + " | kubectl apply -f -");
  }

  static List<String> wrongKey(
      String namespace, String secret, String image, Optional<String> sync) {
    return sync.map(
            name ->
                List.of(
                    "kubectl edit pullsecretsync "
                        + Shell.quote(name)
                        + "   # set the registry's server to "
                        + Shell.quote(server(image))
                        + " (the image's registry)"))
        .orElse(recreate(namespace, secret, image));
  }

  static List<String> expired(String sync) {
    return List.of(
        "kubectl describe pullsecretsync "
            + Shell.quote(sync)
            + "   # its conditions say why no refresh",
        "kubectl get credentialsource -o wide   # a source that is not Ready cannot refresh",
        "once the source works, the agent writes a fresh token to every namespace");
  }

  static List<String> wrongCredentials(
      String namespace, String secret, String image, Optional<String> sync) {
    return sync.map(
            name ->
                List.of(
                    "correct the credential in the store PullSecretSync "
                        + name
                        + " reads (kubectl get pullsecretsync "
                        + Shell.quote(name)
                        + " -o jsonpath='{.spec.registries}'); the agent rolls it out at the next"
                        + " refresh"))
        .orElse(recreate(namespace, secret, image));
  }

  /** A JSON patch that appends {@code secrets} to the account's list, or sets an empty one. */
  static String attach(String namespace, String account, List<String> secrets, boolean hasEntries) {
    String prefix =
        "kubectl patch serviceaccount "
            + Shell.quote(account)
            + " -n "
            + Shell.quote(namespace)
            + " ";
    if (hasEntries) {
      return prefix
          + "--type=json -p "
          + Shell.quote(
              "["
                  + secrets.stream()
                      .map(
                          s ->
                              "{\"op\":\"add\",\"path\":\"/imagePullSecrets/-\",\"value\":{\"name\":"
                                  + Shell.json(s)
                                  + "}}")
                      .collect(Collectors.joining(","))
                  + "]");
    }
    return prefix
        + "-p "
        + Shell.quote(
            "{\"imagePullSecrets\":["
                + secrets.stream()
                    .map(s -> "{\"name\":" + Shell.json(s) + "}")
                    .collect(Collectors.joining(","))
                + "]}")
        + "   # it has none, so nothing is replaced";
  }

  /** The auths key that matches {@code image}: its registry host, Docker Hub's own key for it. */
  static String server(String image) {
    String host = KubeletKeyring.repository(image).split("/", 2)[0];
    return host.equals("docker.io") ? RegistryServer.DOCKER_HUB : host;
  }
}
