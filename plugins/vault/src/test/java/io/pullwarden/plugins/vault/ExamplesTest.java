package io.pullwarden.plugins.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pullwarden.plugin.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples and the refs in docs/providers/vault.md are accepted by the plugin as written, so
 * the documentation cannot drift from the config and ref the code reads.
 */
class ExamplesTest {

  private static final Path REPOSITORY = Path.of("../..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @ValueSource(strings = {"examples/vault-kv", "examples/vault-dynamic"})
  void exampleConfigAndRefsAreValid(String example) throws Exception {
    Map<String, Object> source = yaml(REPOSITORY.resolve(example).resolve("credentialsource.yaml"));
    assertThat(source.get("kind")).isEqualTo("CredentialSource");
    Map<String, Object> spec = map(source.get("spec"));
    assertThat(spec.get("type")).isEqualTo(VaultSourceFactory.TYPE);
    assertThat(
            new VaultSourceFactory()
                .validate(Settings.of("spec.config", map(spec.get("config"))))
                .problems())
        .isEmpty();

    Map<String, Object> sync = yaml(REPOSITORY.resolve(example).resolve("pullsecretsync.yaml"));
    List<?> registries = (List<?>) map(sync.get("spec")).get("registries");
    assertThat(registries).isNotEmpty();
    for (Object registry : registries) {
      assertThat(map(registry).get("sourceRef")).isEqualTo(map(source.get("metadata")).get("name"));
      VaultRef.parse(Settings.of("spec.registries[0].ref", map(map(registry).get("ref"))));
    }
  }

  @Test
  void everyRefInTheProviderDocParses() throws Exception {
    List<String> refs =
        Files.readAllLines(REPOSITORY.resolve("docs/providers/vault.md")).stream()
            .map(String::strip)
            .filter(line -> line.startsWith("ref: {"))
            .toList();
    assertThat(refs).hasSizeGreaterThanOrEqualTo(4);
    for (String line : refs) {
      Map<String, Object> ref = map(YAML.readValue(line, Map.class).get("ref"));
      assertThat(VaultRef.parse(Settings.of("ref", ref))).as(line).isNotNull();
    }
  }

  private static Map<String, Object> yaml(Path file) throws Exception {
    return map(YAML.readValue(file.toFile(), Map.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
