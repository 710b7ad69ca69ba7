package io.pullwarden.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener of the attacker's, on loopback: it records the first bytes of every connection (an
 * HTTP request's line, headers and start of body) and answers 503 (or, as {@link
 * #askingForBasicLogin()}, 401 with a Basic challenge, as a registry that wants a login does), so a
 * test can tell whether the agent sent anything, and what, to an address that a CredentialSource or
 * a PullSecretSync named.
 */
final class RecordingListener implements AutoCloseable {

  private final ServerSocket socket;
  private final List<String> requests = new ArrayList<>();
  private final Thread acceptor;
  private final String answer;

  RecordingListener() throws IOException {
    this("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  }

  private RecordingListener(String answer) throws IOException {
    this.answer = answer;
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(this::accept);
  }

  /**
   * A listener that answers every request as a registry that wants a Basic login does, so a
   * registry check that may send the credential sends it on the second request.
   */
  static RecordingListener askingForBasicLogin() throws IOException {
    return new RecordingListener(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"registry\"\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n");
  }

  /** True when a request so far carried an Authorization header. */
  synchronized boolean receivedAuthorization() {
    return requests.stream()
        .anyMatch(
            request -> request.toLowerCase(java.util.Locale.ROOT).contains("\nauthorization:"));
  }

  /** {@code http://127.0.0.1:<port>}. */
  String address() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** {@code 127.0.0.1:<port>}, as a registry's {@code server}. */
  String authority() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Every request received so far, as text. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        String request = readSome(connection);
        synchronized (this) {
          requests.add(request);
        }
        OutputStream out = connection.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // A connection that fails, or the socket closing: nothing more to record from it.
      }
    }
  }

  /**
   * What the peer sends until it pauses for half a second (a request and its body), up to 64 KiB.
   */
  private static String readSome(Socket connection) throws IOException {
    connection.setSoTimeout(500);
    InputStream in = connection.getInputStream();
    byte[] buffer = new byte[65536];
    int length = 0;
    try {
      for (int read;
          length < buffer.length
              && (read = in.read(buffer, length, buffer.length - length)) > 0; ) {
        length += read;
      }
    } catch (SocketTimeoutException paused) {
      // The peer waits for an answer: the request is complete.
    }
    return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }
}
