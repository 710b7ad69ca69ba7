package io.pullwarden.plugins.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How every AWS client of the plugins is built: the configured region and endpoint, the JDK's
 * {@code HttpURLConnection} as HTTP client (small, nothing to bundle; a client makes one call per
 * refresh, so pooling buys nothing), bounded timeouts, and no SDK retries, because the agent
 * already retries {@link io.pullwarden.plugin.SourceException.Transient} failures with backoff and
 * a circuit breaker.
 */
public final class AwsClients {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private AwsClients() {}

  /** Builds a service client for {@code settings} that signs with {@code credentials}. */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, AwsSettings settings, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
    builder
        .region(settings.region())
        .credentialsProvider(credentials)
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT))
        .overrideConfiguration(
            o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
