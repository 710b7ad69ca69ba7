package io.pullwarden.agent.dockerconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code server} keys docs/registries.md's tables document: every key of a column headed {@code
 * `server`}, and which keys each example file linked from a row writes. The tests hold the page to
 * the code (each key accepted and written as documented) and to the examples.
 */
public final class DocumentedServers {

  /** docs/registries.md, from the agent module's directory. */
  public static final Path PAGE = Path.of("..", "docs", "registries.md");

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern EXAMPLE = Pattern.compile("\\(\\.\\./(examples/[^)]+\\.yaml)\\)");

  private DocumentedServers() {}

  /** Every key in a {@code `server`} column, in the order the page lists them. */
  public static Set<String> all() throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    for (Row row : rows()) {
      keys.addAll(row.servers());
    }
    return keys;
  }

  /** For each example file a row links ({@code examples/...yaml}), the keys of its rows. */
  public static Map<String, Set<String>> byExample() throws IOException {
    Map<String, Set<String>> examples = new LinkedHashMap<>();
    for (Row row : rows()) {
      Matcher example = EXAMPLE.matcher(row.line());
      if (example.find()) {
        examples
            .computeIfAbsent(example.group(1), e -> new LinkedHashSet<>())
            .addAll(row.servers());
      }
    }
    return examples;
  }

  private record Row(String line, List<String> servers) {}

  /** The rows of each table with a {@code `server`} column, with that column's keys. */
  private static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    int column = -1;
    for (String line : Files.readAllLines(PAGE)) {
      if (!line.startsWith("|")) {
        column = -1;
        continue;
      }
      List<String> cells = List.of(line.split("\\|", -1));
      if (column < 0) {
        column =
            cells.indexOf(
                cells.stream()
                    .filter(c -> c.strip().startsWith("`server`"))
                    .findFirst()
                    .orElse(""));
        continue;
      }
      if (cells.get(column).strip().startsWith("---")) {
        continue;
      }
      List<String> servers = new ArrayList<>();
      Matcher code = CODE.matcher(cells.get(column));
      while (code.find()) {
        servers.add(code.group(1));
      }
      rows.add(new Row(line, servers));
    }
    return rows;
  }
}
