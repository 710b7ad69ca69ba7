package io.pullwarden.agent.customresource;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many namespaces a sync selected, and what happened in them on the last pass. */
@JsonClassDescription(
    "How many namespaces the sync selects, and what happened in them on the last pass.")
public class NamespaceCounts {

  @JsonPropertyDescription("Namespaces the sync selects.")
  private int selected;

  @JsonPropertyDescription("Selected namespaces holding the current Secret.")
  private int synced;

  @JsonPropertyDescription("Namespaces where a write failed (status.problems says why).")
  private int failed;

  @JsonPropertyDescription(
      "Namespaces where the Secret may not be written: a Secret Pullwarden does not own, or a namespace a source does not allow.")
  private int conflicts;

  public NamespaceCounts() {}

  public NamespaceCounts(int selected, int synced, int failed, int conflicts) {
    this.selected = selected;
    this.synced = synced;
    this.failed = failed;
    this.conflicts = conflicts;
  }

  public int getSelected() {
    return selected;
  }

  public void setSelected(int selected) {
    this.selected = selected;
  }

  public int getSynced() {
    return synced;
  }

  public void setSynced(int synced) {
    this.synced = synced;
  }

  public int getFailed() {
    return failed;
  }

  public void setFailed(int failed) {
    this.failed = failed;
  }

  public int getConflicts() {
    return conflicts;
  }

  public void setConflicts(int conflicts) {
    this.conflicts = conflicts;
  }
}
