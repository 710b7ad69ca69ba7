package io.pullwarden.testenv;

/**
 * Tries to take the {@link NodeLock} from a process of its own and prints what happened, so that
 * {@code RealNodeIT} can show the lock holds across processes while a node runs.
 */
public final class NodeLockProbe {

  private NodeLockProbe() {}

  public static void main(String[] args) {
    try (NodeLock lock = NodeLock.acquire()) {
      System.out.println("acquired");
      System.exit(0);
    } catch (IllegalStateException refused) {
      System.out.println(refused.getMessage());
      System.exit(3);
    }
  }
}
