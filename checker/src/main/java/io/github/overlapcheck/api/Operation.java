package io.github.overlapcheck.api;

/** The abstract operations the analysis understands, whatever binding a call comes through. */
public enum Operation {
  /** CreateFile: opens a file or device; the flags say whether the handle is asynchronous. */
  OPEN_FILE,
  /** CreateNamedPipe: the server end of a pipe (never seeking). */
  OPEN_PIPE,
  /** ConnectNamedPipe: waits for a client; may go pending. */
  CONNECT_PIPE,
  /** ReadFile, WriteFile and friends: may complete at once, go pending, or fail. */
  READ,
  WRITE,
  /** ReadFileEx, WriteFileEx: completion through a routine run at an alertable wait. */
  READ_EX,
  WRITE_EX,
  /** WaitCommEvent: a serial-port operation with an OVERLAPPED. */
  WAIT_COMM_EVENT,
  /** CreateIoCompletionPort with a file: binds it to a port. */
  BIND_TO_PORT,
  /** BindIoCompletionCallback / CreateThreadpoolIo: binds it to the thread pool's port. */
  BIND_TO_THREAD_POOL,
  /** SetFileCompletionNotificationModes. */
  SET_NOTIFICATION_MODES,
  /** WaitForSingleObject(Ex). */
  WAIT_ONE,
  /** WaitForMultipleObjects(Ex). */
  WAIT_MANY,
  /** SleepEx. */
  SLEEP,
  /** GetOverlappedResult(Ex). */
  GET_OVERLAPPED_RESULT,
  /** GetQueuedCompletionStatus(Ex). */
  DEQUEUE,
  /** CancelIo: the calling thread's operations only. */
  CANCEL_OWN,
  /** CancelIoEx: any thread's operations. */
  CANCEL_ANY,
  CLOSE_HANDLE,
  /** Memory.close, Native.free, LocalFree, GlobalFree, HeapFree, VirtualFree, configured ones. */
  FREE,
  /** SetFilePointer(Ex). */
  SET_FILE_POINTER,
  /** GetLastError, Native.getLastError, LastErrorException.getErrorCode. */
  LAST_ERROR,
  /** CreateEvent. */
  CREATE_EVENT,
  /** SetEvent: signals an event by hand. */
  SET_EVENT;

  /** It starts an operation on a handle, with an OVERLAPPED, that may go pending. */
  public boolean startsIo() {
    return switch (this) {
      case READ, WRITE, READ_EX, WRITE_EX, CONNECT_PIPE, WAIT_COMM_EVENT -> true;
      default -> false;
    };
  }

  /** It reports completion through a routine run at an alertable wait (ReadFileEx). */
  public boolean completesThroughRoutine() {
    return this == READ_EX || this == WRITE_EX;
  }
}
