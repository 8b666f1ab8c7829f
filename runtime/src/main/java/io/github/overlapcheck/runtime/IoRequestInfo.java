package io.github.overlapcheck.runtime;

/**
 * What a {@link DriverPolicy} sees of a request.
 *
 * @param kind read or write
 * @param device the device: the file's name, or the pipe's name and which end
 * @param seeking whether the device has a file position (a disk file)
 * @param offset the position for a seeking device, else 0
 * @param length bytes requested
 * @param cached whether the data is already at hand (in the file cache, or waiting in the pipe)
 * @param sequence the number of this decision, from 1: requests that cannot complete at once are
 *     never put to the policy and take no number
 */
public record IoRequestInfo(
    Kind kind,
    String device,
    boolean seeking,
    long offset,
    int length,
    boolean cached,
    long sequence) {
  /** The kind of request. */
  public enum Kind {
    READ,
    WRITE
  }
}
