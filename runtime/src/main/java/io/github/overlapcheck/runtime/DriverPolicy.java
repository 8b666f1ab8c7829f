package io.github.overlapcheck.runtime;

import java.util.Random;

/**
 * Decides, per request that could complete at once, whether the driver completes it synchronously
 * (the call returns TRUE) or leaves it pending (FALSE with ERROR_IO_PENDING on an asynchronous
 * handle). A request that cannot complete yet (a pipe read with no data) is pending whatever the
 * policy says. Every policy here is deterministic.
 */
@FunctionalInterface
public interface DriverPolicy {
  boolean completesSynchronously(IoRequestInfo request);

  /** Every request goes pending. */
  static DriverPolicy alwaysPending() {
    return request -> false;
  }

  /** Every request that can complete does so before the call returns. */
  static DriverPolicy alwaysSynchronous() {
    return request -> true;
  }

  /**
   * A cache: writes of at most {@code smallWriteLimit} bytes and reads of data already in the cache
   * (read or written before, or waiting in a pipe) complete at once; the rest go pending.
   */
  static DriverPolicy cache(int smallWriteLimit) {
    return request ->
        request.kind() == IoRequestInfo.Kind.WRITE
            ? request.length() <= smallWriteLimit
            : request.cached();
  }

  /**
   * A seeded fraction of requests complete synchronously: the same seed gives the same sequence of
   * outcomes, so "some percentage of calls return TRUE" is reproducible.
   */
  static DriverPolicy randomFraction(double synchronousFraction, long seed) {
    if (!(synchronousFraction >= 0 && synchronousFraction <= 1)) {
      throw new IllegalArgumentException(
          "synchronousFraction must be in [0, 1], was " + synchronousFraction);
    }
    Random random = new Random(seed);
    return request -> random.nextDouble() < synchronousFraction;
  }

  /**
   * The given outcomes in order (true: synchronous), then {@code otherwise} for every later one.
   */
  static DriverPolicy script(DriverPolicy otherwise, boolean... outcomes) {
    boolean[] copy = outcomes.clone();
    int[] next = {0};
    return request ->
        next[0] < copy.length ? copy[next[0]++] : otherwise.completesSynchronously(request);
  }
}
