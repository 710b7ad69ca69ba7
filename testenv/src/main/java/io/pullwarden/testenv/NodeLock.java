package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The machine-wide lock of the {@link RealNode}: a kubelet uses fixed host paths, so a second one
 * on the same machine would take over the first one's device-plugin socket. The lock is an OS file
 * lock, released by the kernel when its process ends, so a killed test run never leaves it held.
 */
final class NodeLock implements AutoCloseable {

  static final Path FILE = Path.of("/run/pullwarden-real-node.lock");

  private final FileChannel channel;
  private final FileLock lock;

  private NodeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails with a message naming the process that holds it. */
  static NodeLock acquire() {
    try {
      FileChannel channel =
          FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "a real test node already runs on this machine (lock "
                + FILE
                + " held by process "
                + Files.readString(FILE, StandardCharsets.UTF_8).strip()
                + "): only one kubelet can run per machine, so tests that need the node run one"
                + " at a time, in one JVM (RealNodeExtension shares it)");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      return new NodeLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not open " + FILE + " (the real test node needs root)", e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldByThisJvm) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not release " + FILE, e);
    }
  }
}
