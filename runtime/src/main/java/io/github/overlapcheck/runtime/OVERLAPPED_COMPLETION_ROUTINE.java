package io.github.overlapcheck.runtime;

/**
 * A completion routine (ReadFileEx/WriteFileEx, or the thread pool's BindIoCompletionCallback). The
 * pointer is the OVERLAPPED of the completed operation.
 */
@FunctionalInterface
public interface OVERLAPPED_COMPLETION_ROUTINE {
  void callback(int errorCode, int numberOfBytesTransferred, Pointer overlapped);
}
