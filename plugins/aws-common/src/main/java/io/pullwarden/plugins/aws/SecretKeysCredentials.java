package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.ClusterSecrets;
import io.pullwarden.plugin.SecretData;
import io.pullwarden.plugin.SourceException;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An access key pair read from a Secret in the agent's namespace each time the SDK signs a request.
 * The agent serves Secrets from its watch cache, so re-reading costs nothing and a rotated key is
 * used at once. A missing Secret or key is {@link SourceException.AuthFailed} (the agent reopens
 * the session and backs off, so creating the Secret later is picked up) naming the field that
 * points at it, never a value.
 */
public final class SecretKeysCredentials implements AwsCredentialsProvider {

  private final StaticKeys keys;
  private final ClusterSecrets secrets;

  public SecretKeysCredentials(StaticKeys keys, ClusterSecrets secrets) {
    this.keys = keys;
    this.secrets = secrets;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    try {
      return AwsBasicCredentials.create(read(keys.accessKeyId()), read(keys.secretAccessKey()));
    } catch (SourceException e) {
      throw new LoginMaterialException(e);
    }
  }

  private String read(SecretKeyRef ref) throws SourceException {
    String namespace = secrets.agentNamespace();
    String where = "Secret " + namespace + "/" + ref.name() + " (named by " + ref.field() + ")";
    SecretData secret =
        secrets
            .get(namespace, ref.name())
            .orElseThrow(
                () ->
                    new SourceException.AuthFailed(
                        where + " does not exist; create it with the AWS access key", null));
    String value = secret.text(ref.key()).map(String::trim).orElse("");
    if (value.isEmpty()) {
      throw new SourceException.AuthFailed(
          where
              + " has no value for key '"
              + ref.key()
              + "'; its keys are "
              + new TreeSet<>(secret.data().keySet()),
          null);
    }
    return value;
  }

  @Override
  public String toString() {
    return "SecretKeysCredentials["
        + keys.accessKeyId().name()
        + "/"
        + keys.accessKeyId().key()
        + ", "
        + keys.secretAccessKey().name()
        + "/"
        + keys.secretAccessKey().key()
        + "]";
  }
}
