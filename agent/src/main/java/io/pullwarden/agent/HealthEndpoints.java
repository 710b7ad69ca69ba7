package io.pullwarden.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The agent's probe endpoints on its HTTP port: {@code /healthz} answers 200 while every watch is
 * connected (the kubelet restarts the pod otherwise), {@code /readyz} once the reconcilers run. The
 * JDK's own HTTP server is enough for two probes and adds no dependency.
 */
public final class HealthEndpoints implements AutoCloseable {

  private final HttpServer server;

  private HealthEndpoints(HttpServer server) {
    this.server = server;
  }

  /** Serves the probes on {@code port} of every interface; port 0 picks a free one. */
  public static HealthEndpoints start(int port, BooleanSupplier healthy, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/healthz", exchange -> answer(exchange, healthy.getAsBoolean()));
      server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
      server.start();
      return new HealthEndpoints(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve probes on port " + port, e);
    }
  }

  /** The port the probes are served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, boolean ok) throws IOException {
    byte[] body = (ok ? "ok\n" : "not ok\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
