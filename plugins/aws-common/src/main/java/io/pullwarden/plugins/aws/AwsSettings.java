package io.pullwarden.plugins.aws;

import io.pullwarden.plugin.Settings;
import io.pullwarden.plugin.SourceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * The {@code spec.config} of an AWS CredentialSource, the same for every AWS plugin: the region,
 * endpoint overrides (a VPC endpoint, or moto in tests), where the base identity comes from (static
 * keys in a Secret, or IRSA and the SDK's default chain when {@code auth} is omitted) and an
 * optional role to assume. Unknown fields are problems, so a typo does not silently change which
 * identity is used.
 */
public record AwsSettings(
    Region region,
    Optional<URI> endpoint,
    Optional<URI> stsEndpoint,
    Optional<StaticKeys> staticKeys,
    Optional<AssumeRole> assumeRole) {

  private static final List<String> FIELDS =
      List.of("region", "endpoint", "stsEndpoint", "auth", "assumeRole");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  /** Every problem with {@code config}, each naming its field; empty when it is usable. */
  public static List<String> problems(Settings config, String type) {
    List<String> problems = new ArrayList<>();
    for (String key : config.keys()) {
      if (!FIELDS.contains(key)) {
        problems.add(config.field(key) + " is not an " + type + " setting; use one of " + FIELDS);
      }
    }
    check(problems, () -> region(config));
    check(problems, () -> uri(config, "endpoint"));
    check(problems, () -> uri(config, "stsEndpoint"));
    check(problems, () -> staticKeys(config));
    check(problems, () -> assumeRole(config));
    return problems;
  }

  /**
   * @throws SourceException.InvalidConfig listing every problem
   */
  public static AwsSettings parse(Settings config, String type)
      throws SourceException.InvalidConfig {
    List<String> problems = problems(config, type);
    if (!problems.isEmpty()) {
      throw new SourceException.InvalidConfig(String.join("; ", problems));
    }
    return new AwsSettings(
        region(config),
        uri(config, "endpoint"),
        uri(config, "stsEndpoint"),
        staticKeys(config),
        assumeRole(config));
  }

  private static Region region(Settings config) throws SourceException.InvalidConfig {
    String region = config.requiredString("region");
    if (!REGION.matcher(region).matches()) {
      throw new SourceException.InvalidConfig(
          config.field("region")
              + " must be an AWS region such as eu-west-1, not '"
              + region
              + "'");
    }
    return Region.of(region);
  }

  private static Optional<URI> uri(Settings config, String key)
      throws SourceException.InvalidConfig {
    Optional<String> text = config.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String expected =
        config.field(key) + " must be an http or https URL such as https://host:443, not '";
    try {
      URI uri = new URI(text.get().trim());
      if (uri.getHost() == null
          || !List.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
        throw new SourceException.InvalidConfig(expected + text.get() + "'");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new SourceException.InvalidConfig(expected + text.get() + "'");
    }
  }

  private static Optional<StaticKeys> staticKeys(Settings config)
      throws SourceException.InvalidConfig {
    Optional<Settings> auth = config.object("auth");
    return auth.isEmpty() ? Optional.empty() : Optional.of(StaticKeys.parse(auth.get()));
  }

  private static Optional<AssumeRole> assumeRole(Settings config)
      throws SourceException.InvalidConfig {
    Optional<Settings> block = config.object("assumeRole");
    return block.isEmpty() ? Optional.empty() : Optional.of(AssumeRole.parse(block.get()));
  }

  private interface Check {
    void run() throws SourceException.InvalidConfig;
  }

  private static void check(List<String> problems, Check check) {
    try {
      check.run();
    } catch (SourceException.InvalidConfig e) {
      problems.add(e.getMessage());
    }
  }

  /**
   * The system property and environment variable in which the cluster admin lists more hosts the
   * pod's own AWS identity may be sent to (comma-separated), such as a proxy or, in tests, moto.
   * They are the agent's settings, never a CredentialSource's.
   */
  public static final String AMBIENT_HOSTS_PROPERTY = "pullwarden.aws.ambientEndpointHosts";

  public static final String AMBIENT_HOSTS_ENV = "PULLWARDEN_AWS_AMBIENT_ENDPOINT_HOSTS";

  /** The hosts the admin added in {@link #AMBIENT_HOSTS_PROPERTY} or {@link #AMBIENT_HOSTS_ENV}. */
  public static Set<String> adminAllowedHosts() {
    String listed = System.getProperty(AMBIENT_HOSTS_PROPERTY, System.getenv(AMBIENT_HOSTS_ENV));
    if (listed == null || listed.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(listed.split(","))
        .map(host -> host.trim().toLowerCase(Locale.ROOT))
        .filter(host -> !host.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Why the pod's own AWS identity (IRSA or the SDK's default chain, used when {@code auth} is
   * omitted) must not be used with these endpoints: that identity belongs to the agent, not to
   * whoever writes the CredentialSource, and an endpoint override would send its web-identity token
   * or signed requests to an address of the author's choosing. With the pod identity, an override
   * must be an AWS endpoint over https ({@code *.amazonaws.com}, such as a VPC endpoint) or a host
   * the admin listed ({@code adminHosts}); static keys from a Secret marked for the source may go
   * anywhere.
   */
  public Optional<String> ambientIdentityProblem(Set<String> adminHosts) {
    if (staticKeys.isPresent()) {
      return Optional.empty();
    }
    for (var override :
        List.of(Map.entry("endpoint", endpoint), Map.entry("stsEndpoint", stsEndpoint))) {
      Optional<URI> uri = override.getValue();
      if (uri.isPresent() && !isAwsEndpoint(uri.get()) && !isListed(uri.get(), adminHosts)) {
        return Optional.of(
            "spec.config."
                + override.getKey()
                + " "
                + uri.get()
                + " is not an AWS endpoint over https, and the source uses the agent's own AWS"
                + " identity (no spec.config.auth), which is only ever sent to AWS; use an"
                + " https://*.amazonaws.com endpoint, access keys in a Secret marked for this"
                + " source (spec.config.auth), or have the cluster admin list the host in the"
                + " agent's "
                + AMBIENT_HOSTS_ENV);
      }
    }
    return Optional.empty();
  }

  private static boolean isListed(URI uri, Set<String> adminHosts) {
    return uri.getHost() != null && adminHosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }

  private static boolean isAwsEndpoint(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return "https".equals(uri.getScheme())
        && (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
  }
}
