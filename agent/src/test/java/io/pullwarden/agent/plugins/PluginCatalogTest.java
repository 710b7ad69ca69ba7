package io.pullwarden.agent.plugins;

import static io.pullwarden.agent.plugins.TestPluginJar.plugin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pullwarden.plugin.CredentialSourceFactory;
import io.pullwarden.plugin.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginState;
import org.slf4j.LoggerFactory;

class PluginCatalogTest {

  @TempDir Path dir;

  @Test
  void servesTheTypesOfAGoodPluginFromThePluginsClassLoader() {
    Path jar = plugin("alpha").version("1.2.3").serving("alpha", "alpha-two").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      CredentialSourceFactory factory = catalog.factory("alpha").orElseThrow();
      assertThat(factory.type()).isEqualTo("alpha");
      assertThat(factory.validate(Settings.of("spec.config", Map.of())).isValid()).isTrue();
      assertThat(factory.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
      assertThat(catalog.factory("alpha-two")).isPresent();
      assertThat(catalog.factory("beta")).isEmpty();
      assertThat(catalog.types()).containsExactly("alpha", "alpha-two");
      assertThat(catalog.plugins())
          .containsExactly(
              new LoadedPlugin(
                  "alpha", "1.2.3", jar, PluginState.STARTED, List.of("alpha", "alpha-two")));
      assertThat(catalog.problems()).isEmpty();
    }
  }

  @Test
  void twoPluginsWithTheSameTypeStopStartUpNamingBoth() {
    Path first = plugin("vault").serving("vault").writeTo(dir);
    Path second = plugin("vault-fork").serving("vault").writeTo(dir);

    assertThatThrownBy(() -> PluginCatalog.load(dir))
        .isInstanceOf(PluginConflictException.class)
        .hasMessageContaining("type 'vault' is served by two plugins")
        .hasMessageContaining("'vault' (" + first + ")")
        .hasMessageContaining("'vault-fork' (" + second + ")")
        .hasMessageContaining("remove one of them");
  }

  @Test
  void twoJarsWithTheSamePluginIdStopStartUp() {
    Path first = plugin("alpha").serving("alpha").writeTo(dir.resolve("a"));
    Path second = plugin("alpha").serving("other").writeTo(dir.resolve("b"));
    Path plugins = dir.resolve("plugins");
    copy(first, plugins.resolve("alpha-1.jar"));
    copy(second, plugins.resolve("alpha-2.jar"));

    assertThatThrownBy(() -> PluginCatalog.load(plugins))
        .isInstanceOf(PluginConflictException.class)
        .hasMessageContaining("plugin id 'alpha' is used by two jars")
        .hasMessageContaining("alpha-1.jar")
        .hasMessageContaining("alpha-2.jar");
  }

  @Test
  void aGarbageJarIsReportedAndTheOthersLoad() throws Exception {
    Path garbage = TestPluginJar.garbage(dir, "garbage.jar");
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = loadCapturingErrors()) {
      assertThat(catalog.factory("good")).isPresent();
      assertThat(catalog.problems())
          .singleElement()
          .satisfies(
              problem -> {
                assertThat(problem.jar()).isEqualTo(garbage);
                assertThat(problem.pluginId()).isEmpty();
                assertThat(problem.message()).startsWith("is not a readable jar");
              });
      assertThat(errors).anySatisfy(line -> assertThat(line).contains(garbage.toString()));
    }
  }

  @Test
  void aConstructorThatThrowsIsReportedAndTheOthersLoad() {
    plugin("broken").serving("broken").failingConstructor("no config today").writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.types()).containsExactly("good");
      assertThat(catalog.plugins()).extracting(LoadedPlugin::id).containsExactly("good");
      assertThat(onlyProblem(catalog, "broken"))
          .contains("testplugin.broken.Factory0 that cannot be created")
          .contains("IllegalStateException: no config today");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aConstructorThatNeverReturnsIsSkippedAndNamedAndTheOthersLoad() {
    Path stuck = plugin("a-stuck").serving("stuck").hangingConstructor().writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = loadCapturingErrors(Duration.ofMillis(500))) {
      assertThat(catalog.types()).containsExactly("good");
      assertThat(catalog.plugins()).extracting(LoadedPlugin::id).containsExactly("good");
      assertThat(onlyProblem(catalog, "a-stuck"))
          .startsWith("did not finish the constructor of testplugin.a_stuck.Factory0 within 500ms")
          .contains("so it is skipped");
      assertThat(errors)
          .anySatisfy(line -> assertThat(line).contains(stuck.toString()).contains("500ms"));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aPluginWhoseStartNeverReturnsIsSkippedAndTheOthersLoad() {
    plugin("a-slow").serving("slow").hangingStart().writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir, Duration.ofMillis(500))) {
      assertThat(catalog.types()).containsExactly("good");
      assertThat(onlyProblem(catalog, "a-slow"))
          .startsWith("did not finish its Plugin-Class constructor or start() within 500ms");
    }
  }

  @Test
  void aTypeMethodThatThrowsIsReported() {
    plugin("broken").serving("x").failingType("type exploded").writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.types()).containsExactly("good");
      assertThat(onlyProblem(catalog, "broken")).contains("type() fails").contains("type exploded");
    }
  }

  @Test
  void anIndexedClassThatIsMissingIsReported() {
    plugin("broken").serving("x").listing("testplugin.broken.Gone").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.types()).isEmpty();
      assertThat(onlyProblem(catalog, "broken"))
          .contains("lists extension testplugin.broken.Gone")
          .contains("ClassNotFoundException");
    }
  }

  @Test
  void aJarWithoutPluginIdOrManifestIsReported() throws Exception {
    plugin("anonymous").serving("x").withoutPluginId().writeTo(dir);
    TestPluginJar.zipWithoutManifest(dir, "bare.jar");

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.problems())
          .extracting(problem -> problem.jar().getFileName() + ": " + problem.message())
          .containsExactly(
              "anonymous.jar: has no Plugin-Id in its manifest, so it is not a PF4J plugin;"
                  + " remove it",
              "bare.jar: has no META-INF/MANIFEST.MF, so it is not a PF4J plugin; remove it");
    }
  }

  @Test
  void aPluginWithoutFactoriesIsReported() {
    plugin("empty").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(onlyProblem(catalog, "empty"))
          .contains("has no CredentialSourceFactory extension");
    }
  }

  @Test
  void aPluginThatFailsToStartIsReported() {
    plugin("unstartable").serving("x").pluginClass("testplugin.NoSuchPlugin").writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.types()).containsExactly("good");
      assertThat(onlyProblem(catalog, "unstartable")).startsWith("failed to start");
    }
  }

  @Test
  void aPluginThatDependsOnAnotherPluginIsReported() {
    plugin("dependent").serving("x").dependingOn("absent").writeTo(dir);
    plugin("good").serving("good").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.types()).containsExactly("good");
      assertThat(onlyProblem(catalog, "dependent"))
          .contains("declares Plugin-Dependencies (absent)")
          .contains("must be self-contained");
    }
  }

  @Test
  void onePluginServingATypeTwiceIsReported() {
    plugin("twice").serving("same", "same").writeTo(dir);

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(onlyProblem(catalog, "twice")).contains("serves type 'same' twice");
    }
  }

  @Test
  void aPluginDisabledInThePluginsDirectoryIsListedWithoutTypes() throws Exception {
    Path jar = plugin("resting").serving("resting").writeTo(dir);
    java.nio.file.Files.writeString(dir.resolve("disabled.txt"), "resting\n");

    try (PluginCatalog catalog = PluginCatalog.load(dir)) {
      assertThat(catalog.plugins())
          .containsExactly(
              new LoadedPlugin("resting", "1.0.0", jar, PluginState.DISABLED, List.of()));
      assertThat(catalog.types()).isEmpty();
      assertThat(catalog.problems()).isEmpty();
    }
  }

  @Test
  void aMissingOrEmptyDirectoryIsAnEmptyCatalog() {
    try (PluginCatalog missing = PluginCatalog.load(dir.resolve("absent"))) {
      assertThat(missing.plugins()).isEmpty();
      assertThat(missing.problems()).isEmpty();
      assertThat(missing.directory()).isEqualTo(dir.resolve("absent"));
    }
    try (PluginCatalog empty = PluginCatalog.load(dir)) {
      assertThat(empty.types()).isEmpty();
    }
  }

  @Test
  void closeUnloadsThePlugins() {
    plugin("alpha").serving("alpha").writeTo(dir);
    PluginCatalog catalog = PluginCatalog.load(dir);
    ClassLoader loader = catalog.factory("alpha").orElseThrow().getClass().getClassLoader();

    catalog.close();

    assertThat(((PluginClassLoader) loader).isClosed()).isTrue();
  }

  private final List<String> errors = new java.util.ArrayList<>();

  private PluginCatalog loadCapturingErrors() {
    return loadCapturingErrors(PluginCatalog.LOAD_LIMIT);
  }

  private PluginCatalog loadCapturingErrors(Duration limit) {
    Logger logger = (Logger) LoggerFactory.getLogger(CatalogLoad.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      return PluginCatalog.load(dir, limit);
    } finally {
      logger.detachAppender(appender);
      appender.list.stream()
          .filter(event -> event.getLevel() == Level.ERROR)
          .forEach(event -> errors.add(event.getFormattedMessage()));
    }
  }

  private static String onlyProblem(PluginCatalog catalog, String pluginId) {
    assertThat(catalog.problems()).hasSize(1);
    PluginProblem problem = catalog.problems().get(0);
    assertThat(problem.pluginId()).isEqualTo(Optional.of(pluginId));
    return problem.message();
  }

  private static void copy(Path from, Path to) {
    try {
      java.nio.file.Files.createDirectories(to.getParent());
      java.nio.file.Files.copy(from, to);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
