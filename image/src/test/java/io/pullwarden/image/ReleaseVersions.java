package io.pullwarden.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Every place a Pullwarden version is written in a source tree, read as the tools that use it read
 * it, and what disagrees among them (ADR 0022). One version names the Maven project and each
 * module, the chart's {@code version} and {@code appVersion}, and the image tag (Jib tags with the
 * Maven version, the chart's {@code image.tag} defaults to {@code appVersion}); CHANGELOG.md's
 * newest section is that version, undated while it is a SNAPSHOT or a release candidate.
 * scripts/release keeps to the same rule.
 */
record ReleaseVersions(Path root, String maven, List<String> problems) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern SECTION =
      Pattern.compile("(?m)^## \\[([^\\]]+)\\] - (Unreleased|\\d{4}-\\d{2}-\\d{2})$");

  /** Reads the tree at {@code root} and lists every place whose version is not the Maven one. */
  static ReleaseVersions of(Path root) throws Exception {
    String maven = xpath(root.resolve("pom.xml"), "/project/version");
    List<String> problems = new ArrayList<>();
    modules(root, root.resolve("pom.xml"), maven, problems);

    JsonNode chart = YAML.readTree(root.resolve("chart/pullwarden/Chart.yaml").toFile());
    expect(problems, "chart/pullwarden/Chart.yaml version", chart.path("version").asText(), maven);
    expect(
        problems,
        "chart/pullwarden/Chart.yaml appVersion",
        chart.path("appVersion").asText(),
        maven);
    JsonNode values = YAML.readTree(root.resolve("chart/pullwarden/values.yaml").toFile());
    String tag = values.path("image").path("tag").asText();
    if (!tag.isEmpty() && !tag.equals(maven)) {
      problems.add(
          "chart/pullwarden/values.yaml image.tag is "
              + tag
              + "; leave it empty so the image tag is the chart's appVersion");
    }
    expect(
        problems,
        "image/pom.xml Jib's <to><image>",
        xpath(root.resolve("image/pom.xml"), "//plugin[artifactId='jib-maven-plugin']//to/image"),
        "${image.repository}:${project.version}");
    changelog(root, maven, problems);
    return new ReleaseVersions(root, maven, List.copyOf(problems));
  }

  /** The parent version each module names, and its own version if it sets one. */
  private static void modules(Path root, Path pom, String maven, List<String> problems)
      throws Exception {
    NodeList modules =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate("/project/modules/module", document(pom), XPathConstants.NODESET);
    for (int i = 0; i < modules.getLength(); i++) {
      Path module = pom.getParent().resolve(modules.item(i).getTextContent().strip());
      Path modulePom = module.resolve("pom.xml");
      String name = root.relativize(modulePom).toString();
      expect(
          problems,
          name + " <parent><version>",
          xpath(modulePom, "/project/parent/version"),
          maven);
      String own = xpath(modulePom, "/project/version");
      if (!own.isEmpty()) {
        expect(problems, name + " <version>", own, maven);
      }
      modules(root, modulePom, maven, problems);
    }
  }

  /**
   * The newest section: {@code [X.Y.Z] - Unreleased} for X.Y.Z-SNAPSHOT and X.Y.Z-rc.N, {@code
   * [X.Y.Z] - date} for a release X.Y.Z.
   */
  private static void changelog(Path root, String maven, List<String> problems) throws IOException {
    Matcher newest = SECTION.matcher(Files.readString(root.resolve("CHANGELOG.md")));
    String base = maven.replaceFirst("-.*", "");
    boolean released = maven.equals(base);
    if (!newest.find()) {
      problems.add("CHANGELOG.md has no '## [VERSION] - Unreleased or date' section");
    } else if (!newest.group(1).equals(base) || released == newest.group(2).equals("Unreleased")) {
      problems.add(
          "CHANGELOG.md's newest section is '"
              + newest.group()
              + "', not '## ["
              + base
              + "] - "
              + (released ? "YYYY-MM-DD" : "Unreleased")
              + "' for "
              + maven);
    }
  }

  private static void expect(List<String> problems, String where, String found, String wanted) {
    if (!found.equals(wanted)) {
      problems.add(where + " is " + (found.isEmpty() ? "missing" : found) + ", not " + wanted);
    }
  }

  private static String xpath(Path xml, String expression) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(expression, document(xml)).strip();
  }

  private static Document document(Path xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(xml.toFile());
  }
}
