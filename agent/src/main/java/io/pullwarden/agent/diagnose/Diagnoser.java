package io.pullwarden.agent.diagnose;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.pullwarden.agent.diagnose.Diagnosis.ImageFinding;
import io.pullwarden.agent.diagnose.Subject.ContainerImage;
import io.pullwarden.agent.dockerconfig.KubeletKeyring;
import io.pullwarden.agent.fanout.ManagedSecret;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Follows the kubelet's path for each image of a pod and names the first thing on it that fails:
 * which pull Secrets the pod gets (its own, else its ServiceAccount's through admission), whether
 * each exists here and is a document the kubelet reads, which auths key {@link KubeletKeyring}
 * picks, and for that key the managing PullSecretSync's expiry, the pod's pull Events and the
 * registry's answer. Pure over a {@link ClusterView}, a {@link Clock} and a {@link
 * RegistryLoginCheck}, so every cause is unit-tested with objects of the test's own.
 */
public final class Diagnoser {

  private final ClusterView cluster;
  private final Clock clock;
  private final RegistryLoginCheck login;

  public Diagnoser(ClusterView cluster, Clock clock, RegistryLoginCheck login) {
    this.cluster = cluster;
    this.clock = clock;
    this.login = login;
  }

  /** The diagnosis of {@code subject}. */
  public Diagnosis diagnose(Subject subject) {
    String namespace = subject.namespace();
    List<String> names = subject.podPullSecrets();
    if (!names.isEmpty()) {
      return withSecrets(subject, "the pod's imagePullSecrets " + names, names);
    }
    String account = subject.serviceAccount();
    Optional<ServiceAccount> found = cluster.serviceAccount(namespace, account);
    List<String> accountSecrets = found.map(Diagnoser::pullSecretNames).orElse(List.of());
    String accountText =
        "ServiceAccount " + account + (found.isEmpty() ? " (not found)" : "") + " has ";
    if (subject.exists() && !accountSecrets.isEmpty()) {
      return whole(
          subject,
          Cause.NO_PULL_SECRETS,
          "the pod has no imagePullSecrets",
          List.of(
              accountText
                  + accountSecrets
                  + " now, but admission copies them into a pod only when it is created: this"
                  + " pod is older"),
          Fixes.noPullSecrets(subject, accountSecrets));
    }
    if (!accountSecrets.isEmpty()) {
      return withSecrets(
          subject,
          "ServiceAccount " + account + "'s imagePullSecrets " + accountSecrets + " (by admission)",
          accountSecrets);
    }
    List<String> defaultSecrets =
        account.equals("default")
            ? List.of()
            : cluster
                .serviceAccount(namespace, "default")
                .map(Diagnoser::pullSecretNames)
                .orElse(List.of());
    List<String> evidence = new ArrayList<>();
    evidence.add("the pod has no imagePullSecrets; " + accountText + "none");
    if (!defaultSecrets.isEmpty()) {
      evidence.add("ServiceAccount default in " + namespace + " has " + defaultSecrets);
      Optional<String> sync =
          cluster.secret(namespace, defaultSecrets.get(0)).flatMap(Diagnoser::managingSync);
      return whole(
          subject,
          Cause.CUSTOM_ACCOUNT_LACKS_SECRET,
          "none (ServiceAccount " + account + " has none)",
          evidence,
          Fixes.customAccount(subject, defaultSecrets, sync));
    }
    evidence.add("so the kubelet pulls without credentials (enough only for a public image)");
    return whole(
        subject,
        Cause.NO_PULL_SECRETS,
        "none",
        evidence,
        Fixes.noPullSecrets(subject, accountSecrets));
  }

  /** The same cause for every image: the pod gets no pull Secret at all. */
  private static Diagnosis whole(
      Subject subject, Cause cause, String pullSecrets, List<String> evidence, List<String> fixes) {
    List<ImageFinding> images =
        subject.images().stream()
            .map(
                c ->
                    new ImageFinding(
                        c.container(),
                        c.image(),
                        cause,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        evidence))
            .toList();
    return new Diagnosis(subject, cause, pullSecrets, images, fixes);
  }

  private Diagnosis withSecrets(Subject subject, String origin, List<String> names) {
    PullSecrets secrets = PullSecrets.load(cluster, subject.namespace(), names);
    List<ImageFinding> images = new ArrayList<>();
    List<String> fixes = List.of();
    for (ContainerImage container : subject.images()) {
      Verdict verdict = image(subject, secrets, container.image());
      images.add(
          new ImageFinding(
              container.container(),
              container.image(),
              verdict.cause(),
              verdict.secret(),
              verdict.key(),
              verdict.login(),
              verdict.evidence()));
      if (fixes.isEmpty() && verdict.cause() != Cause.NONE) {
        fixes = verdict.fixes();
      }
    }
    Cause cause =
        images.stream()
            .map(ImageFinding::cause)
            .filter(c -> c != Cause.NONE)
            .findFirst()
            .orElse(Cause.NONE);
    return new Diagnosis(subject, cause, origin, images, fixes);
  }

  private record Verdict(
      Cause cause,
      Optional<String> secret,
      Optional<String> key,
      Optional<LoginOutcome> login,
      List<String> evidence,
      List<String> fixes) {
    static Verdict of(Cause cause, List<String> evidence, List<String> fixes) {
      return new Verdict(
          cause, Optional.empty(), Optional.empty(), Optional.empty(), evidence, fixes);
    }
  }

  private Verdict image(Subject subject, PullSecrets secrets, String image) {
    String namespace = subject.namespace();
    List<String> evidence = new ArrayList<>(secrets.problems());
    if (secrets.unparseable().isPresent()) {
      String name = secrets.unparseable().get();
      return Verdict.of(Cause.INVALID_SECRET, evidence, Fixes.recreate(namespace, name, image));
    }
    Map<String, String> secretOfKey = new LinkedHashMap<>();
    secrets.usable().forEach((name, keys) -> keys.forEach(k -> secretOfKey.putIfAbsent(k, name)));
    List<String> tried = KubeletKeyring.lookup(secretOfKey.keySet(), image);
    List<PullEvent> failures =
        subject.pod().stream()
            .flatMap(pod -> cluster.podEvents(namespace, pod).stream())
            .filter(e -> e.isPullFailureOf(image))
            .toList();
    failures.stream()
        .skip(Math.max(0, failures.size() - 3))
        .forEach(e -> evidence.add("Event " + e.reason() + ": " + e.shortMessage()));
    if (tried.isEmpty()) {
      return noKey(namespace, secrets, secretOfKey, image, evidence);
    }
    String key = tried.get(0);
    String name = secretOfKey.get(key);
    evidence.add(
        0,
        "the kubelet picks auths key \""
            + key
            + "\" of Secret "
            + name
            + " for "
            + KubeletKeyring.repository(image)
            + (tried.size() > 1 ? " (then tries " + tried.subList(1, tried.size()) + ")" : ""));
    Secret secret = secrets.found().get(name);
    Optional<String> sync = managingSync(secret);
    Optional<SyncState> state = sync.map(n -> SyncState.of(n, cluster.pullSecretSync(n)));
    state.ifPresent(s -> evidence.add(s.describe()));
    LoginOutcome outcome = login.check(KubeletKeyring.repository(image), key, secret);
    evidence.add("registry login: " + outcome.detail());
    Cause cause = Cause.NONE;
    List<String> fixes = List.of();
    if (state.flatMap(SyncState::expiresAt).filter(t -> t.isBefore(clock.instant())).isPresent()) {
      cause = Cause.TOKEN_EXPIRED;
      fixes = Fixes.expired(sync.get());
    } else if (outcome.state() == LoginOutcome.State.REJECTED
        || failures.stream().anyMatch(PullEvent::saysUnauthorized)) {
      cause = Cause.WRONG_CREDENTIALS;
      fixes = Fixes.wrongCredentials(namespace, name, image, sync);
    }
    return new Verdict(
        cause, Optional.of(name), Optional.of(key), Optional.of(outcome), evidence, fixes);
  }

  private Verdict noKey(
      String namespace,
      PullSecrets secrets,
      Map<String, String> secretOfKey,
      String image,
      List<String> evidence) {
    if (!secrets.missing().isEmpty()) {
      String name = secrets.missing().get(0);
      List<String> elsewhere = secrets.elsewhere().getOrDefault(name, List.of());
      if (elsewhere.isEmpty()) {
        return Verdict.of(Cause.SECRET_NOT_FOUND, evidence, Fixes.recreate(namespace, name, image));
      }
      Optional<String> sync =
          cluster.secret(elsewhere.get(0), name).flatMap(Diagnoser::managingSync);
      return Verdict.of(
          Cause.SECRET_IN_OTHER_NAMESPACE,
          evidence,
          Fixes.otherNamespace(namespace, name, elsewhere.get(0), sync));
    }
    if (secretOfKey.isEmpty() && !secrets.skipped().isEmpty()) {
      String name = secrets.skipped().get(0);
      return Verdict.of(Cause.INVALID_SECRET, evidence, Fixes.recreate(namespace, name, image));
    }
    Optional<KeyMismatch> closest = KeyMismatch.closest(secretOfKey.keySet(), image);
    evidence.add(
        0,
        "no auths key of "
            + secrets.usable().keySet()
            + " matches "
            + KubeletKeyring.repository(image)
            + closest.map(m -> "; closest \"" + m.key() + "\": " + m.difference()).orElse(""));
    String name =
        closest
            .map(m -> secretOfKey.get(m.key()))
            .orElse(secrets.usable().keySet().iterator().next());
    Optional<String> sync =
        Optional.ofNullable(secrets.found().get(name)).flatMap(Diagnoser::managingSync);
    return Verdict.of(
        Cause.NO_MATCHING_KEY, evidence, Fixes.wrongKey(namespace, name, image, sync));
  }

  static Optional<String> managingSync(Secret secret) {
    return Optional.ofNullable(secret.getMetadata().getLabels())
        .map(labels -> labels.get(ManagedSecret.SYNC_LABEL));
  }

  private static List<String> pullSecretNames(ServiceAccount account) {
    return Optional.ofNullable(account.getImagePullSecrets()).orElse(List.of()).stream()
        .map(LocalObjectReference::getName)
        .filter(Objects::nonNull)
        .toList();
  }
}
