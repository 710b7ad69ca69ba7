package io.pullwarden.agent.source;

import io.pullwarden.plugin.SourceException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs plugin code. Every call runs on a thread of its own, never the reconciler's, so the caller
 * can stop waiting when the source's time limit is up while the plugin keeps its thread; and
 * whatever the code does outside the plugin contract (a runtime exception, an error, a null) comes
 * back as a {@link PluginFault}. Threads are daemon platform threads named after the source and the
 * call, so a thread dump shows who hangs; not virtual threads, because a plugin that spins or
 * blocks while pinned would hold one of the few carrier threads every virtual thread shares.
 */
final class PluginCalls {

  private static final Logger LOG = LoggerFactory.getLogger(PluginCalls.class);
  private static final AtomicLong THREAD_NUMBER = new AtomicLong();
  private static final ExecutorService THREADS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread =
                new Thread(runnable, "pullwarden-plugin-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  /** Plugin code that may throw the contract's checked errors. */
  @FunctionalInterface
  interface PluginCode<T> {
    T run() throws SourceException;
  }

  private PluginCalls() {}

  /**
   * Starts {@code task} on a plugin thread named {@code pullwarden-plugin <source> <operation>}
   * while it runs; cancelling the future interrupts it.
   */
  static <T> Future<T> submit(String source, String operation, Callable<T> task) {
    return THREADS.submit(
        () -> {
          Thread thread = Thread.currentThread();
          String name = thread.getName();
          thread.setName("pullwarden-plugin " + source + " " + operation);
          try {
            return task.call();
          } finally {
            thread.setName(name);
          }
        });
  }

  /**
   * Runs {@code code} here and holds it to the contract: a SourceException passes, anything else
   * thrown and a null result become a {@link PluginFault}.
   */
  static <T> T checked(String plugin, String operation, PluginCode<T> code)
      throws SourceException, PluginFault {
    T result;
    try {
      result = code.run();
    } catch (SourceException e) {
      throw e;
    } catch (Throwable e) {
      throw new PluginFault.Threw(plugin, operation, e);
    }
    if (result == null) {
      throw new PluginFault.ReturnedNull(plugin, operation);
    }
    return result;
  }

  /** Logs a fault for the operator, without any message the plugin wrote. */
  static void log(String source, PluginFault fault) {
    try (var named = MDC.putCloseable("source", source)) {
      LOG.warn("CredentialSource {}: {}", source, fault.getMessage());
      LOG.debug("CredentialSource {}: where the {} plugin failed", source, fault.plugin(), fault);
    }
  }
}
