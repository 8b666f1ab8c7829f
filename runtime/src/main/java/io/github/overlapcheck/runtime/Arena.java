package io.github.overlapcheck.runtime;

/**
 * A scope of native allocations freed together when it closes: it stands for a C stack frame
 * (locals die when the function returns) and for an FFM arena. Memory an operation still uses when
 * the arena closes is freed while pending, and the kernel later writes into freed memory.
 */
public final class Arena implements AutoCloseable {
  private final Machine machine;
  private final java.util.List<Machine.Block> blocks = new java.util.ArrayList<>();
  private boolean closed;

  Arena(Machine machine) {
    this.machine = machine;
  }

  public Memory allocate(long size) {
    return allocate(size, "arena memory");
  }

  Memory allocate(long size, String label) {
    return machine.api(
        () -> {
          if (closed) {
            throw new IllegalStateException("arena is closed");
          }
          Machine.Block block = machine.allocate(size, Machine.BlockKind.ARENA, label);
          blocks.add(block);
          return new Memory(machine, block);
        });
  }

  /** Frees every block allocated in this arena, newest first. */
  @Override
  public void close() {
    machine.api(
        () -> {
          if (!closed) {
            closed = true;
            for (int i = blocks.size() - 1; i >= 0; i--) {
              machine.free(blocks.get(i), "end of scope");
            }
          }
          return null;
        });
  }
}
