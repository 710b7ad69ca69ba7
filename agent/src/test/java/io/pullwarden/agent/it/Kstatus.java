package io.pullwarden.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pullwarden.testenv.TestDependencies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How kstatus — {@code sigs.k8s.io/cli-utils/pkg/kstatus}, the library Flux, kpt and Argo CD's
 * health checks read resources with — sees an object: {@code Current}, {@code InProgress}, {@code
 * Failed}, ... Runs the real library through the small program in {@code testenv/kstatus}, built by
 * {@code scripts/install-test-deps}, so a test proves what those tools will report rather than a
 * reading of their rules.
 */
final class Kstatus {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** kstatus's verdict on one object: its status and message. */
  record Verdict(String status, String message) {}

  private Kstatus() {}

  /**
   * The verdict on {@code object}, the JSON of a Kubernetes object as the API server returns it.
   */
  static Verdict of(String object) {
    Path program =
        TestDependencies.requireExecutable(
            "the kstatus program (testenv/kstatus)",
            TestDependencies.cache().resolve("bin/kstatus"));
    try {
      Process process = new ProcessBuilder(program.toString()).redirectErrorStream(false).start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(JSON.readTree(object).toString().getBytes(StandardCharsets.UTF_8));
        stdin.write('\n');
      }
      byte[] out = process.getInputStream().readAllBytes();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(program + " failed: " + err.strip());
      }
      JsonNode verdict = JSON.readTree(out);
      return new Verdict(verdict.path("status").asText(), verdict.path("message").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }
}
