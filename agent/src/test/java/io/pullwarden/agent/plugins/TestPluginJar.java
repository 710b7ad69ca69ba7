package io.pullwarden.agent.plugins;

import io.pullwarden.plugin.CredentialSourceFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.pf4j.ExtensionPoint;

/**
 * Builds real PF4J plugin jars at test time: compiles one small {@link CredentialSourceFactory} per
 * type with the system Java compiler against plugin-api and PF4J, and writes a jar with a plugin
 * manifest and {@code META-INF/extensions.idx}, like a plugin module's build does. Options break
 * the jar in the ways the catalog must survive, or make its factories misbehave at run time.
 */
public final class TestPluginJar {

  private final String id;
  private final List<String> types = new ArrayList<>();
  private final List<String> extraIndexEntries = new ArrayList<>();
  private String version = "1.0.0";

  /** Blocks its thread for good, interrupted or not: the worst a plugin can do. */
  private static final String HANG =
      "while (true) { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } }";

  private String constructorBody = "";
  private String openBody = "throw new UnsupportedOperationException(\"test plugin\");";
  private boolean hangingStart;
  private String typeBody = null;
  private boolean withPluginId = true;
  private String pluginClass;
  private String dependencies;

  private TestPluginJar(String id) {
    this.id = id;
  }

  public static TestPluginJar plugin(String id) {
    return new TestPluginJar(id);
  }

  /** One factory class per type, in this order. */
  public TestPluginJar serving(String... served) {
    types.addAll(List.of(served));
    return this;
  }

  public TestPluginJar version(String pluginVersion) {
    this.version = pluginVersion;
    return this;
  }

  public TestPluginJar failingConstructor(String message) {
    this.constructorBody = "throw new IllegalStateException(\"" + message + "\");";
    return this;
  }

  /** Every factory's constructor blocks forever. */
  public TestPluginJar hangingConstructor() {
    this.constructorBody = HANG;
    return this;
  }

  /** The jar's Plugin class blocks forever in {@code start()}. */
  public TestPluginJar hangingStart() {
    this.hangingStart = true;
    return this;
  }

  /** Every factory's {@code open} blocks forever. */
  public TestPluginJar hangingOpen() {
    this.openBody = HANG;
    return this;
  }

  /** Every factory's {@code open} throws an IllegalStateException with {@code message}. */
  public TestPluginJar throwingOpen(String message) {
    this.openBody = "throw new IllegalStateException(\"" + message + "\");";
    return this;
  }

  public TestPluginJar failingType(String message) {
    this.typeBody = "throw new IllegalStateException(\"" + message + "\");";
    return this;
  }

  public TestPluginJar withoutPluginId() {
    this.withPluginId = false;
    return this;
  }

  /** Lists a class in the extension index that the jar does not contain. */
  public TestPluginJar listing(String className) {
    extraIndexEntries.add(className);
    return this;
  }

  public TestPluginJar pluginClass(String className) {
    this.pluginClass = className;
    return this;
  }

  public TestPluginJar dependingOn(String pluginDependencies) {
    this.dependencies = pluginDependencies;
    return this;
  }

  /** Compiles and writes {@code <id>.jar} into {@code directory}; returns its path. */
  public Path writeTo(Path directory) {
    try {
      Path work = Files.createTempDirectory("plugin-" + id);
      List<String> classNames = compile(work);
      Path jar = directory.resolve(id + ".jar");
      Files.createDirectories(directory);
      List<String> allClasses = new ArrayList<>(classNames);
      if (hangingStart) {
        allClasses.add(packageName() + ".SlowPlugin");
      }
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
        for (String className : allClasses) {
          String entry = className.replace('.', '/') + ".class";
          out.putNextEntry(new JarEntry(entry));
          out.write(Files.readAllBytes(work.resolve("classes").resolve(entry)));
          out.closeEntry();
        }
        List<String> index = new ArrayList<>(classNames);
        index.addAll(extraIndexEntries);
        out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
        out.write(String.join("\n", index).concat("\n").getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file named {@code name} that is not a zip at all. */
  public static Path garbage(Path directory, String name) throws IOException {
    Files.createDirectories(directory);
    return Files.writeString(directory.resolve(name), "this is not a jar\n");
  }

  /** A valid zip named {@code name} with a class-less entry and no manifest. */
  public static Path zipWithoutManifest(Path directory, String name) throws IOException {
    Path jar = directory.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("readme.txt"));
      out.write("no manifest here".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private Manifest manifest() {
    Manifest manifest = new Manifest();
    Attributes attributes = manifest.getMainAttributes();
    attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (withPluginId) {
      attributes.putValue("Plugin-Id", id);
    }
    attributes.putValue("Plugin-Version", version);
    if (hangingStart) {
      attributes.putValue("Plugin-Class", packageName() + ".SlowPlugin");
    } else if (pluginClass != null) {
      attributes.putValue("Plugin-Class", pluginClass);
    }
    if (dependencies != null) {
      attributes.putValue("Plugin-Dependencies", dependencies);
    }
    return manifest;
  }

  private String packageName() {
    return "testplugin." + id.replaceAll("[^A-Za-z0-9]", "_");
  }

  private List<String> compile(Path work) throws IOException {
    String packageName = packageName();
    Path sources = Files.createDirectories(work.resolve("src"));
    List<String> classNames = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      String simpleName = "Factory" + i;
      Path source = sources.resolve(simpleName + ".java");
      Files.writeString(source, factorySource(packageName, simpleName, types.get(i)));
      files.add(source.toString());
      classNames.add(packageName + "." + simpleName);
    }
    if (hangingStart) {
      Path source = sources.resolve("SlowPlugin.java");
      Files.writeString(
          source,
          String.join(
              "\n",
              "package " + packageName + ";",
              "public class SlowPlugin extends org.pf4j.Plugin {",
              "  @Override public void start() { " + HANG + " }",
              "}",
              ""));
      files.add(source.toString());
    }
    Path classes = Files.createDirectories(work.resolve("classes"));
    if (files.isEmpty()) {
      return classNames;
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("Tests need a JDK (javax.tools), not a JRE");
    }
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--release",
                "21",
                "-proc:none",
                "-classpath",
                classPath(),
                "-d",
                classes.toString()));
    arguments.addAll(files);
    int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("Compiling the test plugin " + id + " failed");
    }
    return classNames;
  }

  private String factorySource(String packageName, String simpleName, String type) {
    String api = "io.pullwarden.plugin.";
    String typeStatement = typeBody != null ? typeBody : "return \"" + type + "\";";
    return String.join(
        "\n",
        "package " + packageName + ";",
        "public class " + simpleName + " implements " + api + "CredentialSourceFactory {",
        "  public " + simpleName + "() { " + constructorBody + " }",
        "  @Override public String type() { " + typeStatement + " }",
        "  @Override public " + api + "Validation validate(" + api + "Settings config) {",
        "    return " + api + "Validation.ok();",
        "  }",
        "  @Override public " + api + "CredentialSession open(",
        "      " + api + "Settings config, " + api + "SourceContext context) {",
        "    " + openBody,
        "  }",
        "}",
        "");
  }

  private static String classPath() {
    return String.join(
        java.io.File.pathSeparator,
        Stream.of(CredentialSourceFactory.class, ExtensionPoint.class)
            .map(TestPluginJar::location)
            .toList());
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
