package io.github.overlapcheck.api;

/** What an argument of a modelled call stands for. */
public enum Role {
  HANDLE,
  BUFFER,
  LENGTH,
  /** The bytes-transferred out-parameter of a read or write. */
  BYTES_TRANSFERRED,
  OVERLAPPED,
  /** The handle array of WaitForMultipleObjects. */
  HANDLES,
  PORT,
  KEY,
  /** CreateFile's dwFlagsAndAttributes, CreateNamedPipe's dwOpenMode, notification modes. */
  FLAGS,
  /** CreateFile's dwCreationDisposition. */
  CREATION,
  PATH,
  /** GetOverlappedResult's bWait. */
  WAIT_FLAG,
  /** The alertable flag of an Ex wait. */
  ALERTABLE,
  TIMEOUT,
  ROUTINE,
  /** What a free releases. */
  FREED,
  /** An argument the analysis does not need. */
  OTHER
}
