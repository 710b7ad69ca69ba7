package io.pullwarden.agent.customresource;

/** How many namespaces a sync selected, and what happened in them on the last pass. */
public class NamespaceCounts {

  private int selected;
  private int synced;
  private int failed;
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
