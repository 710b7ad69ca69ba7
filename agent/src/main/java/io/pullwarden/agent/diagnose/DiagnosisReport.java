package io.pullwarden.agent.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pullwarden.agent.diagnose.Diagnosis.ImageFinding;
import java.util.List;

/**
 * A {@link Diagnosis} as a person reads it (verdict first, then each image with its evidence, then
 * the fix) or as JSON for scripts ({@code -o json}). Both print only what the diagnosis holds:
 * names, keys, reasons, never a credential.
 */
public final class DiagnosisReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DiagnosisReport() {}

  /**
   * The report for a terminal, ending in a newline. Control characters in what it quotes (a
   * tenant's Event message, auths key or name) are shown escaped, such as {@code \x1b}, so no ANSI
   * or OSC sequence reaches the terminal raw and no quoted newline starts a line of its own.
   */
  public static String text(Diagnosis diagnosis) {
    StringBuilder out = new StringBuilder();
    line(out, diagnosis.subject().describe());
    line(
        out,
        "verdict: " + (diagnosis.canPull() ? "" : "cannot pull: ") + diagnosis.verdict().verdict());
    line(out, "pull Secrets: " + diagnosis.pullSecrets());
    for (ImageFinding image : diagnosis.images()) {
      line(
          out,
          "image "
              + image.image()
              + " (container "
              + image.container()
              + "): "
              + (image.cause() == Cause.NONE ? "can pull" : image.cause().verdict()));
      image.evidence().forEach(evidence -> line(out, "  - " + evidence));
    }
    if (!diagnosis.fixes().isEmpty()) {
      line(out, "fix:");
      diagnosis.fixes().forEach(fix -> line(out, "  " + fix));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String text) {
    out.append(visible(text)).append('\n');
  }

  /**
   * {@code text} with every control character (C0, DEL and C1) written as {@code \xNN}, so a
   * terminal shows them instead of acting on them.
   */
  static String visible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The report as one JSON document, ending in a newline. */
  public static String json(Diagnosis diagnosis) {
    ObjectNode root = JSON.createObjectNode();
    Subject subject = diagnosis.subject();
    ObjectNode pod = root.putObject("subject");
    pod.put("namespace", subject.namespace());
    subject.pod().ifPresent(name -> pod.put("pod", name));
    pod.put("serviceAccount", subject.serviceAccount());
    root.put("canPull", diagnosis.canPull());
    ObjectNode verdict = root.putObject("verdict");
    verdict.put("cause", diagnosis.verdict().name());
    verdict.put("symptom", diagnosis.verdict().symptom());
    verdict.put("explanation", diagnosis.verdict().explanation());
    root.put("pullSecrets", diagnosis.pullSecrets());
    ArrayNode images = root.putArray("images");
    for (ImageFinding finding : diagnosis.images()) {
      ObjectNode image = images.addObject();
      image.put("container", finding.container());
      image.put("image", finding.image());
      image.put("cause", finding.cause().name());
      finding.secret().ifPresent(s -> image.put("secret", s));
      finding.key().ifPresent(k -> image.put("authsKey", k));
      finding
          .login()
          .ifPresent(
              l ->
                  image
                      .putObject("login")
                      .put("state", l.state().name())
                      .put("detail", l.detail()));
      strings(image.putArray("evidence"), finding.evidence());
    }
    strings(root.putArray("fixes"), diagnosis.fixes());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write a diagnosis as JSON", e);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
