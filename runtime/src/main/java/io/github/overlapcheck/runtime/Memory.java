package io.github.overlapcheck.runtime;

/**
 * An owned block of native memory, like JNA's {@code Memory}: from {@link Kernel32#LocalAlloc}
 * (lives until freed) or from an {@link Arena} (freed when the arena closes). {@link #close()}
 * frees it, as JNA's {@code Memory.close()} does.
 */
public final class Memory extends Pointer implements AutoCloseable {
  Memory(Machine machine, Machine.Block block) {
    super(machine, block, 0);
  }

  public long size() {
    return block.data.length;
  }

  /** Whether the block has not been freed yet. */
  public boolean valid() {
    return !block.freed;
  }

  /** Frees the block; freeing it twice, or while an operation uses it, is recorded. */
  @Override
  public void close() {
    machine.api(
        () -> {
          machine.free(block, "Memory.close()");
          return null;
        });
  }
}
