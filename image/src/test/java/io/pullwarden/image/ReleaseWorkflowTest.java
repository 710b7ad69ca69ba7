package io.pullwarden.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The release workflow is valid YAML whose steps are the project's own scripts, each of which
 * exists, and it keeps what scripts/release writes (ADR 0022). GitHub cannot run here; the scripts
 * can, and ReleaseScriptTest runs them.
 */
class ReleaseWorkflowTest {

  private static final Path REPOSITORY = ReleaseVersionsTest.REPOSITORY;
  private static final Path WORKFLOW = REPOSITORY.resolve(".github/workflows/release.yml");
  private static final Pattern SCRIPT = Pattern.compile("(?<![\\w/.-])scripts/[\\w./-]+");

  /** Actions that only prepare the runner or keep files; none of them builds anything. */
  private static final List<String> ACTIONS =
      List.of("actions/checkout@", "actions/setup-java@", "actions/upload-artifact@");

  private final JsonNode workflow;

  ReleaseWorkflowTest() throws Exception {
    workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
  }

  @Test
  void runsOnAReleaseTagOnly() {
    JsonNode on = workflow.path("on");
    assertThat(on.fieldNames()).toIterable().containsExactly("push");
    assertThat(on.path("push").path("tags")).isNotEmpty();
    assertThat(on.path("push").path("branches").isMissingNode()).isTrue();
  }

  @Test
  void everyStepIsAScriptOfTheProjectThatExistsOrAnActionThatBuildsNothing() {
    List<String> scripts = new ArrayList<>();
    for (JsonNode job : workflow.path("jobs")) {
      assertThat(job.path("steps")).isNotEmpty();
      for (JsonNode step : job.path("steps")) {
        if (step.has("uses")) {
          assertThat(ACTIONS).anySatisfy(a -> assertThat(step.get("uses").asText()).startsWith(a));
          continue;
        }
        String run = step.path("run").asText();
        Matcher named = SCRIPT.matcher(run);
        assertThat(named.find()).as("step '%s' runs a project script", run).isTrue();
        do {
          scripts.add(named.group());
        } while (named.find());
        assertThat(run.lines()).as("one command per step: %s", run).hasSize(1);
      }
    }
    assertThat(scripts).contains("scripts/release", "scripts/install-test-deps");
    assertThat(scripts).allSatisfy(script -> assertThat(REPOSITORY.resolve(script)).isExecutable());
  }

  @Test
  void releasesTheTaggedVersionAndKeepsWhatTheScriptWrote() throws Exception {
    List<String> runs = workflow.findValues("run").stream().map(JsonNode::asText).toList();
    assertThat(runs)
        .anySatisfy(
            run ->
                assertThat(run).contains("scripts/release --verify-tag \"${GITHUB_REF_NAME#v}\""));

    Matcher out =
        Pattern.compile("(?m)^OUT=(\\S+)$")
            .matcher(Files.readString(REPOSITORY.resolve("scripts/release")));
    assertThat(out.find()).isTrue();
    assertThat(workflow.findValues("path").stream().map(JsonNode::asText))
        .contains(out.group(1) + "/");
  }
}
