package io.github.overlapcheck.runtime;

/**
 * What a {@link DriverPolicy} sees of a request.
 *
 * @param kind read or write
 * @param device the name the handle was opened with
 * @param seeking whether the device has a file position (a disk file)
 * @param offset the position for a seeking device, else 0
 * @param length bytes requested
 * @param cached whether the data is already at hand (in the file cache, or waiting in the pipe)
 * @param sequence the request's number, from 1, in issue order
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
