package io.pullwarden.testenv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal client for the Vault HTTP API, so tests can prepare a server (enable engines, write
 * secrets, configure auth methods, seal and unseal) without depending on the Vault driver the
 * plugin under test uses. Paths are relative to {@code /v1/}; answers are parsed JSON.
 */
public final class VaultApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI address;
  private final String token;
  private final HttpClient http;

  /** A client for the server at {@code address} that sends {@code token} on every request. */
  public VaultApi(URI address, String token, HttpClient http) {
    this.address = Objects.requireNonNull(address, "address");
    this.token = Objects.requireNonNull(token, "token");
    this.http = Objects.requireNonNull(http, "http");
  }

  /**
   * A client for a server that speaks plain HTTP at {@code address}, over HTTP/1.1 with a 5 s
   * connect timeout.
   */
  public static VaultApi plainHttp(URI address, String token) {
    return new VaultApi(
        address,
        token,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build());
  }

  /** GET; for a list, add {@code ?list=true} to the path. */
  public JsonNode read(String path) {
    return send("GET", path, null);
  }

  /** PUT with {@code body} as JSON (Vault treats PUT and POST alike). */
  public JsonNode write(String path, Map<String, ?> body) {
    return send("PUT", path, body);
  }

  /** DELETE. */
  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** The same server, called with another token (one a login or a token role returned). */
  public VaultApi withToken(String otherToken) {
    return new VaultApi(address, otherToken, http);
  }

  private JsonNode send(String method, String path, Map<String, ?> body) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    HttpRequest request =
        HttpRequest.newBuilder(address.resolve("/v1/" + relative))
            .timeout(TIMEOUT)
            .header("X-Vault-Token", token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? BodyPublishers.noBody() : json(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + address + "/v1/" + relative + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    JsonNode answer = parse(method, relative, response);
    if (response.statusCode() >= 400) {
      List<String> errors = new ArrayList<>();
      answer.path("errors").forEach(error -> errors.add(error.asText()));
      throw new VaultApiException(method, relative, response.statusCode(), errors);
    }
    return answer;
  }

  private static HttpRequest.BodyPublisher json(Map<String, ?> body) {
    try {
      return BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body is not serialisable as JSON", e);
    }
  }

  private static JsonNode parse(String method, String path, HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      if (response.statusCode() >= 400) {
        return JSON.missingNode();
      }
      throw new IllegalStateException(method + " /v1/" + path + " did not answer JSON", e);
    }
  }
}
