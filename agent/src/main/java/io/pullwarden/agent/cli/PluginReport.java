package io.pullwarden.agent.cli;

import io.pullwarden.agent.plugins.LoadedPlugin;
import io.pullwarden.agent.plugins.PluginCatalog;
import io.pullwarden.agent.plugins.PluginProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The text {@code pullwarden plugins} prints: the directory, a table of loaded plugins and the
 * skipped jars with their reasons. Jars are shown by file name; the directory is printed once.
 */
final class PluginReport {

  private static final List<String> HEADER = List.of("ID", "VERSION", "STATE", "TYPES", "JAR");

  private final PluginCatalog catalog;

  PluginReport(PluginCatalog catalog) {
    this.catalog = catalog;
  }

  void print(PrintWriter out) {
    boolean exists = Files.isDirectory(catalog.directory());
    out.println("Plugins directory: " + catalog.directory() + (exists ? "" : " (does not exist)"));
    if (catalog.plugins().isEmpty()) {
      out.println("No plugins loaded.");
    } else {
      List<List<String>> rows = new ArrayList<>();
      rows.add(HEADER);
      for (LoadedPlugin plugin : catalog.plugins()) {
        rows.add(
            List.of(
                plugin.id(),
                plugin.version(),
                plugin.state().toString(),
                plugin.types().isEmpty() ? "-" : String.join(",", plugin.types()),
                plugin.jar().getFileName().toString()));
      }
      printTable(out, rows);
    }
    if (!catalog.problems().isEmpty()) {
      out.println();
      out.println("Skipped jars (" + catalog.problems().size() + "):");
      for (PluginProblem problem : catalog.problems()) {
        out.println(
            "  "
                + problem.jar().getFileName()
                + problem.pluginId().map(id -> " (" + id + ")").orElse("")
                + ": "
                + problem.message());
      }
    }
  }

  private static void printTable(PrintWriter out, List<List<String>> rows) {
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int column = 0; column < row.size(); column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < row.size(); column++) {
        String cell = row.get(column);
        line.append(
            column == row.size() - 1 ? cell : String.format("%-" + widths[column] + "s  ", cell));
      }
      out.println(line);
    }
  }
}
