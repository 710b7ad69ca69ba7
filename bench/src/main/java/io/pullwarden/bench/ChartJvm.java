package io.pullwarden.bench;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JVM the Helm chart gives the agent, so that the benchmark measures the agent as it is
 * deployed. In a container the JVM takes the memory limit as its memory size; outside one, {@code
 * -XX:MaxRAM} set to that limit does the same. The chart's {@code agent.javaOpts} follow: the
 * container gets them as {@code JDK_JAVA_OPTIONS}, in place of the image's defaults; the benchmark
 * passes them to the distribution's launcher as {@code JAVA_OPTS}, where they replace the
 * launcher's same defaults (Serial collector, 16 MiB initial heap).
 */
final class ChartJvm {

  private ChartJvm() {}

  /** The agent's JAVA_OPTS for the chart values in {@code values}. */
  static String javaOpts(Path values) {
    Map<?, ?> root;
    try {
      root = new KubernetesSerialization().unmarshal(Files.readString(values), Map.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the chart's values " + values, e);
    }
    String limit = text(root, values, "resources", "limits", "memory");
    String options = text(root, values, "agent", "javaOpts");
    long bytes = Quantity.getAmountInBytes(new Quantity(limit)).longValueExact();
    return ("-XX:MaxRAM=" + bytes + " " + options).strip();
  }

  private static String text(Map<?, ?> root, Path values, String... path) {
    Object node = root;
    for (String key : path) {
      node = node instanceof Map<?, ?> map ? map.get(key) : null;
    }
    if (!(node instanceof String value)) {
      throw new IllegalStateException(values + " has no " + String.join(".", path));
    }
    return value;
  }
}
