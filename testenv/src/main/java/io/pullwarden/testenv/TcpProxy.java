package io.pullwarden.testenv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP pass-through on a loopback port that a test can cut: every open connection is reset and new
 * ones are refused until {@link #resume()}. Put between a client and a server, it makes the server
 * vanish and come back — with its state intact — as a restart or a network outage looks to the
 * client. TLS passes through untouched.
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  private TcpProxy(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  /** Starts forwarding a free loopback port to {@code targetPort} on 127.0.0.1. */
  public static TcpProxy to(int targetPort) {
    TcpProxy proxy =
        new TcpProxy(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), FreePort.next());
    proxy.resume();
    return proxy;
  }

  /** The loopback port clients should connect to. */
  public int port() {
    return port;
  }

  /** Resets every connection and refuses new ones. */
  public synchronized void cut() {
    closeQuietly(listener);
    listener = null;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Accepts connections again, on the same port. */
  public synchronized void resume() {
    if (listener != null) {
      return;
    }
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      listener = socket;
      Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> accept(socket));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(server);
        Thread.ofVirtual().start(() -> pump(client, server));
        Thread.ofVirtual().start(() -> pump(server, client));
      } catch (IOException closedOrRefused) {
        // cut() closed the listener, or the target refused: the client sees a reset.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException connectionGone) {
      // one side went away; close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }

  @Override
  public void close() {
    cut();
  }
}
