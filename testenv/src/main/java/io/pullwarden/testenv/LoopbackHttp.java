package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The few plain HTTP calls the fixtures make to their own servers (readiness probes, moto's reset,
 * Prometheus queries). Kept on the JDK client so that testenv's main code needs no HTTP library.
 */
final class LoopbackHttp {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * For the health endpoints of Kubernetes components on loopback, which serve HTTPS with a
   * certificate this client does not check: only whether they answer 200 is read.
   */
  private static final HttpClient UNVERIFIED = unverifiedClient();

  private LoopbackHttp() {}

  /**
   * True when {@code https://127.0.0.1:<port><path>} answers 200 without credentials, certificate
   * unchecked: the health endpoints Kubernetes components serve to anyone.
   */
  static boolean healthz(int port, String path) {
    try {
      return UNVERIFIED
              .send(
                  HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** True when something accepts TCP connections on {@code 127.0.0.1:<port>}. */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static HttpClient unverifiedClient() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      return HttpClient.newBuilder()
          .sslContext(context)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK always has TLS", e);
    }
  }

  static HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  static HttpResponse<String> post(URI uri) {
    return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.build().uri() + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
