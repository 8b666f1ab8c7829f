package io.github.overlapcheck.scanner;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs parsing and analysis on one thread with a large stack: both recurse as deep as the code
 * nests, and a file nested thousands deep must not overflow the caller's stack. What still
 * overflows is caught on that thread by the task and reported as a problem.
 */
final class Worker implements AutoCloseable {
  /** The stack of the worker thread: reserved address space, committed only as it is used. */
  static final long STACK_BYTES = 512L << 20;

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(null, r, "overlapcheck-worker", STACK_BYTES);
            t.setDaemon(true);
            return t;
          });

  <T> T run(Callable<T> task) {
    Future<T> f = executor.submit(task);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
