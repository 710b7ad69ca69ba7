package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Processes the {@link RealNode} leaves behind (shims, containers), and how they are stopped. */
final class NodeProcesses {

  private NodeProcesses() {}

  /** SIGTERM, ten seconds to exit, then SIGKILL: nothing of the node may outlive it. */
  static void stop(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Every process in the cgroup tree {@code root} (containers the runtime did not stop). */
  static List<ProcessHandle> in(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> procs = Files.walk(root)) {
      return procs
          .filter(file -> file.getFileName().toString().equals("cgroup.procs"))
          .flatMap(NodeProcesses::lines)
          .map(String::strip)
          .filter(pid -> !pid.isEmpty())
          .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not list the processes of " + root + ": " + e);
      return List.of();
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
