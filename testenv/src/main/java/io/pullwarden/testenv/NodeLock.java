package io.pullwarden.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The machine-wide lock of the {@link RealNode}: a kubelet uses fixed host paths, so a second one
 * on the same machine would take over the first one's device-plugin socket. The lock is an OS file
 * lock, released by the kernel when its process ends, so a killed test run never leaves it held.
 *
 * <p>It is a POSIX record lock, which the kernel drops for the whole process as soon as the process
 * closes <em>any</em> descriptor of the file. So while this JVM holds it, a second attempt from
 * this JVM is refused before it opens the file at all, and the holder's pid is read only by
 * processes that hold nothing.
 */
final class NodeLock implements AutoCloseable {

  static final Path FILE = Path.of("/run/pullwarden-real-node.lock");
  static final String ONE_PER_MACHINE =
      "only one kubelet can run per machine, so tests that need the node run one at a time, in one"
          + " JVM (RealNodeExtension shares it)";

  private static final AtomicBoolean HELD_HERE = new AtomicBoolean();

  private final FileChannel channel;
  private final FileLock lock;

  private NodeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails with a message naming who holds it. */
  static NodeLock acquire() {
    if (!HELD_HERE.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "a real test node already runs on this machine, in this JVM (process "
              + ProcessHandle.current().pid()
              + "): "
              + ONE_PER_MACHINE);
    }
    try {
      FileChannel channel =
          FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "a real test node already runs on this machine (lock "
                + FILE
                + " held by process "
                + Files.readString(FILE, StandardCharsets.UTF_8).strip()
                + "): "
                + ONE_PER_MACHINE);
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      return new NodeLock(channel, lock);
    } catch (IOException e) {
      HELD_HERE.set(false);
      throw new UncheckedIOException(
          "could not open " + FILE + " (the real test node needs root)", e);
    } catch (RuntimeException e) {
      HELD_HERE.set(false);
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not release " + FILE, e);
    } finally {
      HELD_HERE.set(false);
    }
  }
}
