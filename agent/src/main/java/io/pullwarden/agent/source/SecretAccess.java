package io.pullwarden.agent.source;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Which Secrets a CredentialSource's plugin may read through the agent: only those whose owner
 * marked them for that source, by naming it in the annotation {@value #ANNOTATION} (a
 * comma-separated list of CredentialSource names). The agent can read every Secret in the cluster;
 * without this rule, whoever may name a source in a PullSecretSync could have it copy any Secret
 * (the agent's own store logins, a ServiceAccount token in kube-system) into a namespace they can
 * read, and one source could borrow another's login. The mark is set by someone who may write that
 * Secret, so the consent comes from the Secret's owner, not from whoever writes the source or the
 * sync. Pure, so every case is unit-tested.
 */
public final class SecretAccess {

  /** The annotation that names the CredentialSources allowed to read a Secret. */
  public static final String ANNOTATION = "pullwarden.io/credential-sources";

  private SecretAccess() {}

  /**
   * Why {@code source} may not read {@code secret}, naming the Secret and what to do; empty when it
   * may. Never names a value.
   */
  public static Optional<String> refusal(String source, Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String marked = annotations == null ? null : annotations.get(ANNOTATION);
    if (marked != null
        && Arrays.stream(marked.split(",")).map(String::trim).anyMatch(source::equals)) {
      return Optional.empty();
    }
    String where = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    return Optional.of(
        "Secret "
            + where
            + " is not marked for CredentialSource "
            + source
            + ", so the agent does not read it for that source; if it is meant for it, its owner"
            + " adds the source to the annotation "
            + ANNOTATION
            + " (kubectl annotate secret -n "
            + secret.getMetadata().getNamespace()
            + " "
            + secret.getMetadata().getName()
            + " "
            + ANNOTATION
            + "="
            + source
            + ")");
  }
}
