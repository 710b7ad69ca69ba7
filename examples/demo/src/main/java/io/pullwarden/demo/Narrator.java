package io.pullwarden.demo;

import java.io.PrintStream;
import java.util.List;

/** Tells the demo's story on standard output: numbered steps, results, small tables. */
final class Narrator {

  private final PrintStream out = System.out;
  private int step;

  void step(String what) {
    out.printf("%n[%d] %s%n", ++step, what);
  }

  void done(String result) {
    out.println("    -> " + result);
  }

  void line(String text) {
    out.println("    " + text);
  }

  void table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder text = new StringBuilder("    ");
      for (int i = 0; i < columns; i++) {
        text.append(String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.println(text.toString().stripTrailing());
    }
  }
}
