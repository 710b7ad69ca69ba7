package io.pullwarden.agent.fanout;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * JSON merge patches of Secrets whose answer is not decoded. fabric8's {@code patch} turns every
 * response into a {@code Secret}, which the fan-out never reads (its watch brings the new state),
 * and in the fan-out benchmark that decoding was about a tenth of the agent's CPU samples
 * (docs/benchmarks.md). Here the request goes out on the same client (its authentication, retries
 * and timeouts); a success is its status code alone, and only a failure's body is decoded, into the
 * {@link KubernetesClientException} fabric8 would have thrown, with the API server's {@link
 * Status}.
 */
final class MergePatches {

  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final KubernetesClient client;

  MergePatches(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Sends {@code patch} to Secret {@code name} of {@code namespace}.
   *
   * @throws KubernetesClientException with the API server's code and status when it refused
   */
  void patchSecret(String namespace, String name, String patch) {
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(
                URLUtils.join(
                    client.getMasterUrl().toString(),
                    "api/v1/namespaces",
                    namespace,
                    "secrets",
                    name))
            .method("PATCH", MERGE_PATCH, patch)
            .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS)
            .build();
    HttpResponse<byte[]> response;
    CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, byte[].class);
    try {
      response = sent.get();
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while patching " + namespace + "/" + name);
    } catch (ExecutionException e) {
      // As fabric8 does: every failure is a KubernetesClientException, so one namespace's failure
      // stays that namespace's. The cause's message is not repeated (it may quote a response).
      throw e.getCause() instanceof KubernetesClientException failure
          ? failure
          : new KubernetesClientException(
              "patching "
                  + namespace
                  + "/"
                  + name
                  + " failed: "
                  + e.getCause().getClass().getSimpleName(),
              e.getCause());
    }
    if (!response.isSuccessful()) {
      throw refusal(response);
    }
  }

  private KubernetesClientException refusal(HttpResponse<byte[]> response) {
    byte[] body = response.body();
    Status status = null;
    if (body != null && body.length > 0) {
      try {
        status =
            client
                .getKubernetesSerialization()
                .unmarshal(new String(body, StandardCharsets.UTF_8), Status.class);
      } catch (RuntimeException notAStatus) {
        status = null;
      }
    }
    if (status == null || status.getCode() == null) {
      return new KubernetesClientException(
          "HTTP " + response.code() + " from the API server", response.code(), status);
    }
    return new KubernetesClientException(status);
  }
}
