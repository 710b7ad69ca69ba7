package io.pullwarden.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent's one HTTP port: {@code /metrics} in the Prometheus text format, {@code /healthz} (200
 * while the leader's watches are connected; the kubelet restarts the pod otherwise) and {@code
 * /readyz} (200 once this replica leads or stands by with its plugins loaded and the CRDs present).
 * The JDK's HTTP server is enough and adds no dependency.
 */
public final class HttpEndpoints implements AutoCloseable {

  private final HttpServer server;

  private HttpEndpoints(HttpServer server) {
    this.server = server;
  }

  /** Serves on {@code port} of every interface; port 0 picks a free one. */
  public static HttpEndpoints start(
      int port, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/metrics",
          exchange ->
              send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
      server.createContext("/healthz", exchange -> probe(exchange, healthy.getAsBoolean()));
      server.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
      server.start();
      return new HttpEndpoints(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve HTTP on port " + port, e);
    }
  }

  /** The port served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, boolean ok) throws IOException {
    send(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
