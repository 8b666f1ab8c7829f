package io.github.overlapcheck.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A simulated Windows machine for tests and samples: its {@link Kernel32}, its files, its driver
 * policy, and the violation log. Create it on the thread that will run the program; that thread
 * becomes the simulation's main thread.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
 *   Kernel32 k32 = sim.kernel32();
 *   ... program ...
 *   assertThat(sim.shutdown()).isEmpty();
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {
  private final Machine machine;
  private final Kernel32 kernel32;

  private Simulation(DriverPolicy policy, boolean strict) {
    this.machine = new Machine(policy, strict);
    this.kernel32 = new Kernel32(machine);
  }

  /** A simulation whose driver leaves every request pending, not strict. */
  public static Simulation create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Kernel32 kernel32() {
    return kernel32;
  }

  /** Replaces the driver policy for requests issued from now on. */
  public void setDriverPolicy(DriverPolicy policy) {
    machine.setPolicy(Objects.requireNonNull(policy));
  }

  /** Creates (or replaces) a disk file with the given contents. */
  public void putFile(String name, byte[] contents) {
    machine.api(
        () -> {
          Machine.DiskFile file = machine.createFile(name);
          file.truncate();
          file.write(0, contents);
          file.cachedPages.clear();
          return null;
        });
  }

  /** The current contents of a disk file. */
  public byte[] fileContents(String name) {
    return machine.api(
        () -> {
          Machine.DiskFile file = machine.file(name);
          if (file == null) {
            throw new IllegalArgumentException("no such file: " + name);
          }
          if (file.length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " is too large to return as an array");
          }
          return file.peek(0, (int) file.length);
        });
  }

  /** Bytes at a position of a disk file (for files with data past 4 GiB). */
  public byte[] fileContents(String name, long offset, int length) {
    return machine.api(
        () -> {
          Machine.DiskFile file = machine.file(name);
          if (file == null) {
            throw new IllegalArgumentException("no such file: " + name);
          }
          return file.peek(offset, length);
        });
  }

  public long fileLength(String name) {
    return machine.api(
        () -> {
          Machine.DiskFile file = machine.file(name);
          if (file == null) {
            throw new IllegalArgumentException("no such file: " + name);
          }
          return file.length;
        });
  }

  /** The device completes the oldest request that can complete. False if none can. */
  public boolean advance() {
    return machine.api(machine::advanceOne);
  }

  /** The device completes requests until none can; returns how many it completed. */
  public int advanceAll() {
    return machine.api(
        () -> {
          int n = 0;
          while (machine.advanceOne()) {
            n++;
          }
          return n;
        });
  }

  /** Requests issued and not completed yet. */
  public int pendingOperations() {
    return machine.api(machine::pendingCount);
  }

  /** Simulated milliseconds elapsed: time moves only when a timed wait expires. */
  public long now() {
    return machine.api(machine::clock);
  }

  /** Violations recorded so far. */
  public List<Violation> violations() {
    return machine.violations();
  }

  /**
   * Runs the program's other threads and the device until nothing more can happen, reports what is
   * left over (packets, routines, pending operations, leaks), ends every simulated thread, and
   * returns the whole violation log. A failure thrown in another simulated thread is rethrown.
   */
  public List<Violation> shutdown() {
    return machine.shutdown();
  }

  /** Shuts down if that was not done yet. */
  @Override
  public void close() {
    if (!machine.isShutDown()) {
      machine.shutdown();
    }
  }

  /** Options for a new simulation. */
  public static final class Builder {
    private DriverPolicy policy = DriverPolicy.alwaysPending();
    private boolean strict;

    private Builder() {}

    public Builder driver(DriverPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /** Throw {@link OverlappedViolationError} from the call during which a violation happens. */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    public Simulation build() {
      return new Simulation(policy, strict);
    }
  }
}
