package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceContext;
import io.pullwarden.plugin.SourceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

/**
 * The AWS identity of one session, as {@code spec.config} describes it. The base identity is the
 * access key pair in a Secret when {@code auth} is set; otherwise IRSA (the web identity token file
 * and role the EKS webhook announces in {@code AWS_WEB_IDENTITY_TOKEN_FILE} and {@code
 * AWS_ROLE_ARN}), else the SDK's default chain (environment, EKS Pod Identity, instance profile).
 * IRSA is built here rather than left to the default chain so that its STS client uses the
 * configured region, {@code stsEndpoint} and the bundled HTTP client, whatever class loader PF4J
 * runs the plugin in. With {@code assumeRole}, the base identity assumes that role through STS; the
 * SDK caches the role's credentials and renews them before they expire.
 */
public final class AwsLogin implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AwsLogin.class);

  private final AwsCredentialsProvider credentials;
  private final String description;
  private final List<AutoCloseable> resources;

  private AwsLogin(
      AwsCredentialsProvider credentials, String description, List<AutoCloseable> resources) {
    this.credentials = credentials;
    this.description = description;
    this.resources = resources;
  }

  /** What a plugin builds on a login that has been proven. */
  @FunctionalInterface
  public interface SessionOnLogin<S> {
    S open(AwsSettings settings, AwsLogin login) throws SourceException;
  }

  /**
   * Opens a plugin's session: parses {@code config} for {@code type}, sets up the identity, proves
   * it against AWS and builds the session on it. If a step after the set-up fails, the login is
   * closed again, so a refused open leaves no STS clients behind.
   */
  public static <S> S openSession(
      Settings config, SourceContext context, String type, SessionOnLogin<S> session)
      throws SourceException {
    AwsSettings settings = AwsSettings.parse(config, type);
    Optional<String> ambient = settings.ambientIdentityProblem(AwsSettings.adminAllowedHosts());
    if (ambient.isPresent()) {
      throw new SourceException.InvalidConfig(ambient.get());
    }
    AwsLogin login = of(settings, context);
    try {
      login.check();
      return session.open(settings, login);
    } catch (SourceException | RuntimeException e) {
      login.close();
      throw e;
    }
  }

  /** Sets up the identity without contacting AWS; {@link #check()} does. */
  public static AwsLogin of(AwsSettings settings, SourceContext context) {
    List<AutoCloseable> resources = new ArrayList<>();
    AwsCredentialsProvider base;
    String description;
    Optional<String> tokenFile = SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.getStringValue();
    Optional<String> roleArn = SdkSystemSetting.AWS_ROLE_ARN.getStringValue();
    if (settings.staticKeys().isPresent()) {
      base = new SecretKeysCredentials(settings.staticKeys().get(), context.secrets());
      description = "the access key in Secret " + settings.staticKeys().get().accessKeyId().name();
    } else if (tokenFile.isPresent() && roleArn.isPresent()) {
      StsClient sts = sts(settings, AnonymousCredentialsProvider.create(), resources);
      base =
          StsWebIdentityTokenFileCredentialsProvider.builder()
              .stsClient(sts)
              .webIdentityTokenFile(Path.of(tokenFile.get()))
              .roleArn(roleArn.get())
              .build();
      description = "web identity (IRSA) role " + roleArn.get();
    } else {
      base = DefaultCredentialsProvider.builder().build();
      description = "the default AWS credential chain";
    }
    resources.add(base instanceof AutoCloseable closeable ? closeable : () -> {});
    if (settings.assumeRole().isEmpty()) {
      return new AwsLogin(base, description, resources);
    }
    AssumeRole role = settings.assumeRole().get();
    StsClient sts = sts(settings, base, resources);
    StsAssumeRoleCredentialsProvider assumed =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(
                r ->
                    r.roleArn(role.roleArn())
                        .roleSessionName(role.sessionName())
                        .externalId(role.externalId().orElse(null)))
            .build();
    resources.add(assumed);
    return new AwsLogin(assumed, description + ", assuming role " + role.roleArn(), resources);
  }

  /** What signs the requests, for building clients. */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /**
   * Resolves the credentials once (reading the Secret, calling STS where configured), so that a
   * broken login fails when the session opens rather than on the first read.
   */
  public void check() throws SourceException {
    try {
      credentials.resolveCredentials();
    } catch (SdkException e) {
      throw AwsFailures.map(
          e,
          new AwsCall(
              "logging in to AWS with " + description,
              "check spec.config.auth and spec.config.assumeRole",
              "check the role's trust policy and that the base identity may call"
                  + " sts:AssumeRole"));
    }
  }

  /** Says which identity this is, without any secret, for messages. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources.reversed()) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.debug("closing {} failed", resource, e);
      }
    }
  }

  private static StsClient sts(
      AwsSettings settings, AwsCredentialsProvider identity, List<AutoCloseable> resources) {
    StsClient sts =
        AwsClients.build(StsClient.builder(), settings, settings.stsEndpoint(), identity);
    resources.add(sts);
    return sts;
  }
}
