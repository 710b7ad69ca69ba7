package io.pullwarden.agent.diagnose;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One Event about a pod as the kubelet writes it when a pull fails ({@code Failed}: "Failed to pull
 * image \"…\": … 401 Unauthorized", {@code BackOff}: "Back-off pulling image \"…\""), reduced to
 * what a diagnosis reads.
 *
 * @param reason the Event's reason
 * @param message the Event's message
 * @param lastSeen when it was last seen, if the Event says
 */
public record PullEvent(String reason, String message, Optional<Instant> lastSeen) {

  /** Whether the kubelet wrote this about a failed pull of {@code image}. */
  boolean isPullFailureOf(String image) {
    return (reason.equals("Failed") || reason.equals("BackOff") || reason.equals("ErrImagePull"))
        && message.contains("\"" + image + "\"");
  }

  /** Whether the registry refused the credential (or the lack of one). */
  boolean saysUnauthorized() {
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("401")
        || text.contains("unauthorized")
        || text.contains("authentication required");
  }

  /** Whether the pull went out without any credential. */
  boolean saysNoBasicAuth() {
    return message.toLowerCase(Locale.ROOT).contains("no basic auth credentials");
  }

  /**
   * The message cut to about 240 characters, keeping its start (which image) and its end (the
   * registry's answer, such as "401 Unauthorized", comes last in the kubelet's messages).
   */
  String shortMessage() {
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() <= 240
        ? line
        : line.substring(0, 100) + " ... " + line.substring(line.length() - 135);
  }
}
