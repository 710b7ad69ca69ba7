package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.util.List;

/**
 * The {@code auth} block of an AWS CredentialSource: an access key pair kept in a Secret of the
 * agent's namespace, for clusters outside AWS where IRSA and instance roles do not exist. Only the
 * references live here; the keys are read when a request is signed, so rotating the Secret needs no
 * restart.
 */
public record StaticKeys(SecretKeyRef accessKeyId, SecretKeyRef secretAccessKey) {

  private static final List<String> FIELDS = List.of("accessKeyIdRef", "secretAccessKeyRef");

  /**
   * @throws SourceException.InvalidConfig naming the field that is missing or malformed
   */
  static StaticKeys parse(Settings auth) throws SourceException.InvalidConfig {
    for (String key : auth.keys()) {
      if (!FIELDS.contains(key)) {
        throw new SourceException.InvalidConfig(
            auth.field(key)
                + " is not an auth field; use accessKeyIdRef and secretAccessKeyRef, or omit"
                + " auth to use IRSA or the default credential chain");
      }
    }
    return new StaticKeys(
        SecretKeyRef.parse(auth, "accessKeyIdRef"), SecretKeyRef.parse(auth, "secretAccessKeyRef"));
  }
}
