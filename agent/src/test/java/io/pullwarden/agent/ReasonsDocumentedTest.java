package io.pullwarden.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reasons.md} explains exactly the reasons the agent gives: every {@link Reason} has a
 * row (or, for Events, a mention in an {@code Events:} line), and every reason the page names is a
 * {@link Reason} or one of the API server's own that a refused write carries.
 */
class ReasonsDocumentedTest {

  private static final Path PAGE = Path.of("..", "docs", "reasons.md");
  private static final Set<String> API_SERVER_REASONS = Set.of("Forbidden", "Invalid", "Conflict");
  private static final Pattern REASON = Pattern.compile("`([A-Z][A-Za-z]+)`");

  @Test
  void thePageAndTheEnumNameTheSameReasons() throws Exception {
    Set<String> documented = documented(Files.readAllLines(PAGE));
    Set<String> inCode =
        new TreeSet<>(Arrays.stream(Reason.values()).map(Reason::toString).toList());

    assertThat(documented).as("reasons on %s", PAGE).containsAll(inCode);
    Set<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(inCode);
    assertThat(unknown).as("reasons on the page that no code gives").isSubsetOf(API_SERVER_REASONS);
  }

  @Test
  void thePageListsExactlyTheReasonsThatStall() throws Exception {
    String page = Files.readString(PAGE);
    String list = page.substring(page.indexOf("Stalled reasons:"), page.indexOf(". The agent"));
    Set<String> documented = new TreeSet<>();
    Matcher reason = REASON.matcher(list);
    while (reason.find()) {
      documented.add(reason.group(1));
    }

    assertThat(documented)
        .isEqualTo(
            new TreeSet<>(
                Arrays.stream(Reason.values())
                    .map(Reason::toString)
                    .filter(Reason::needsAPerson)
                    .toList()));
  }

  @Test
  void aReasonReadsAsPascalCase() {
    assertThat(Reason.SOURCE_TIMEOUT).hasToString("SourceTimeout");
    assertThat(Reason.SERVICE_ACCOUNT_UPDATE_FAILED).hasToString("ServiceAccountUpdateFailed");
    assertThat(Reason.READY).hasToString("Ready");
  }

  /** The reasons in the first column of every table row and on every "Events:" line. */
  private static Set<String> documented(List<String> lines) {
    Set<String> reasons = new TreeSet<>();
    for (String line : lines) {
      String cell;
      if (line.startsWith("| ") && !line.startsWith("| reason") && !line.startsWith("|---")) {
        cell = line.substring(2, line.indexOf(" |", 1));
      } else if (line.startsWith("Events:") || line.startsWith("Degraded reasons")) {
        cell = line;
      } else {
        continue;
      }
      Matcher reason = REASON.matcher(cell);
      while (reason.find()) {
        reasons.add(reason.group(1));
      }
    }
    return reasons;
  }
}
