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

  /** The report for a terminal, ending in a newline. */
  public static String text(Diagnosis diagnosis) {
    StringBuilder out = new StringBuilder();
    out.append(diagnosis.subject().describe()).append('\n');
    out.append("verdict: ")
        .append(diagnosis.canPull() ? "" : "cannot pull: ")
        .append(diagnosis.verdict().verdict())
        .append('\n');
    out.append("pull Secrets: ").append(diagnosis.pullSecrets()).append('\n');
    for (ImageFinding image : diagnosis.images()) {
      out.append("image ")
          .append(image.image())
          .append(" (container ")
          .append(image.container())
          .append("): ")
          .append(image.cause() == Cause.NONE ? "can pull" : image.cause().verdict())
          .append('\n');
      image.evidence().forEach(line -> out.append("  - ").append(line).append('\n'));
    }
    if (!diagnosis.fixes().isEmpty()) {
      out.append("fix:\n");
      diagnosis.fixes().forEach(line -> out.append("  ").append(line).append('\n'));
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
