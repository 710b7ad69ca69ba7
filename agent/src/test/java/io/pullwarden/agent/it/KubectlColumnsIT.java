package io.pullwarden.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.pullwarden.testenv.KubernetesExtension;
import io.pullwarden.testenv.KubernetesServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees with kubectl, from the real kubectl against the real API server serving the
 * chart's CRDs: the columns in the README's order with the values of a synced sync, and {@code
 * kubectl get pullwarden} listing both kinds (their category), and {@code kubectl explain}
 * describing each kind, field and condition.
 */
@ExtendWith({AgentExtension.class, KubernetesExtension.class})
class KubectlColumnsIT {

  @TempDir Path cache;

  @Test
  void kubectlGetShowsTheDocumentedColumnsAndTheCategoryListsBothKinds(
      RunningAgent agent, KubernetesServer server) {
    TestCluster cluster = new TestCluster(agent.client());
    cluster.namespace("columns-a", Map.of("columns", "true"));
    cluster.centralLogin("columns-source", "columns-cred", "robot", "pw");
    cluster.source("columns-source");
    cluster.sync(
        "columns", "columns-source", "columns-cred", "registry.columns.test", "columns", s -> {});
    Condition ready = cluster.awaitCondition("columns", "Ready", "True");
    Condition sourceReady = cluster.awaitSourceReady("columns-source", "True");

    List<String> sync = kubectl(server, "get", "pullsecretsync", "columns");
    List<String> source = kubectl(server, "get", "credentialsource", "columns-source");
    String category = String.join("\n", kubectl(server, "get", "pullwarden"));

    assertThat(table(sync).keySet())
        .containsExactly("NAME", "READY", "SYNCED", "SELECTED", "EXPIRES", "REASON", "AGE");
    // A static credential does not expire: the column is empty.
    assertThat(table(sync))
        .containsEntry("NAME", "columns")
        .containsEntry("READY", "True")
        .containsEntry("SYNCED", "1")
        .containsEntry("SELECTED", "1")
        .containsEntry("EXPIRES", "")
        .containsEntry("REASON", ready.getReason());
    assertThat(table(source).keySet()).containsExactly("NAME", "TYPE", "READY", "REASON", "AGE");
    assertThat(table(source))
        .containsEntry("NAME", "columns-source")
        .containsEntry("TYPE", "kubernetes-secret")
        .containsEntry("READY", "True")
        .containsEntry("REASON", sourceReady.getReason());
    assertThat(category)
        .contains("pullsecretsync.pullwarden.io/columns")
        .contains("credentialsource.pullwarden.io/columns-source");
  }

  @Test
  void kubectlExplainDescribesTheKindsTheirFieldsAndConditions(KubernetesServer server) {
    String sync = String.join("\n", kubectl(server, "explain", "pullsecretsync"));
    String spec = String.join("\n", kubectl(server, "explain", "pullsecretsync.spec"));
    String condition =
        String.join("\n", kubectl(server, "explain", "pullsecretsync.status.conditions"));
    String source = String.join("\n", kubectl(server, "explain", "credentialsource.spec"));

    assertThat(sync)
        .contains("Keeps one kubernetes.io/dockerconfigjson Secret")
        .doesNotContain("<empty>");
    assertThat(spec).contains("What to write where").contains("secretName");
    assertThat(condition)
        .contains("Reconciling")
        .contains("Stalled")
        .containsPattern("status\\s+<string> -required-")
        .contains("True, False or Unknown");
    assertThat(source).contains("The plugin that serves the store");
  }

  /**
   * kubectl's header and first row as column name to cell, cut at the header's column starts (an
   * empty cell is blank, so splitting at spaces would shift the columns).
   */
  private static Map<String, String> table(List<String> lines) {
    String header = lines.get(0);
    String row = lines.get(1);
    Matcher names = Pattern.compile("\\S+").matcher(header);
    List<Integer> starts = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    while (names.find()) {
      keys.add(names.group());
      starts.add(names.start());
    }
    Map<String, String> cells = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      int start = Math.min(starts.get(i), row.length());
      int end = i + 1 < keys.size() ? Math.min(starts.get(i + 1), row.length()) : row.length();
      cells.put(keys.get(i), row.substring(start, end).trim());
    }
    return cells;
  }

  /**
   * The lines kubectl printed to stdout, as the server's admin user, with a discovery cache of its
   * own (another test JVM may run kubectl at the same time).
   */
  private List<String> kubectl(KubernetesServer server, String... arguments) {
    List<String> args = new ArrayList<>(List.of("--cache-dir=" + cache));
    args.addAll(List.of(arguments));
    HelmChart.Run run = HelmChart.kubectl(server, "", args.toArray(String[]::new));
    assertThat(run.exitCode()).as("kubectl %s: %s", args, run.stderr()).isZero();
    return run.stdout().lines().toList();
  }
}
