package io.github.overlapcheck.runtime;

/** What went wrong, as a sanitizer would name it. */
public enum ViolationKind {
  /** A block freed a second time. */
  DOUBLE_FREE,
  /** The program read or wrote a freed block. */
  USE_AFTER_FREE,
  /** A block was freed while an operation still used it as buffer or OVERLAPPED. */
  FREED_WHILE_PENDING,
  /** The kernel completed an operation into a freed buffer or OVERLAPPED. */
  KERNEL_WRITE_TO_FREED,
  /** The kernel took the data of a write from a freed buffer. */
  KERNEL_READ_FROM_FREED,
  /** The program changed a buffer an operation still owns. */
  BUFFER_MODIFIED_WHILE_PENDING,
  /** The program changed an OVERLAPPED an operation still owns. */
  OVERLAPPED_MODIFIED_WHILE_PENDING,
  /** An OVERLAPPED passed to a second operation while the first is pending. */
  OVERLAPPED_REUSED_WHILE_PENDING,
  /** A buffer passed to an operation that conflicts with a pending one on the same memory. */
  BUFFER_REUSED_WHILE_PENDING,
  /** The program read a buffer that a pending read has not filled yet: stale data. */
  READ_BEFORE_COMPLETION,
  /** GetOverlappedResult reported a result while the operation was still pending. */
  RESULT_BEFORE_COMPLETION,
  /**
   * The program overwrote the status or byte count the kernel stored in an OVERLAPPED before
   * reading them (JNA's automatic write-back of a stale Structure).
   */
  STALE_OVERLAPPED_WRITE_BACK,
  /** The bytes-transferred out-parameter of an operation that went pending was read. */
  BYTES_OUT_PARAM_OF_PENDING_OPERATION,
  /** A read or write on an asynchronous handle without an OVERLAPPED. */
  NULL_OVERLAPPED_ON_ASYNC_HANDLE,
  /** A file pointer set on an asynchronous handle, which the next operation ignored. */
  FILE_POINTER_IGNORED,
  /** An operation on an asynchronous file at the same offset as the previous one. */
  OFFSET_NOT_ADVANCED,
  /** A handle closed while operations on it were pending. */
  HANDLE_CLOSED_WITH_PENDING_IO,
  /** A wait that nothing left in the simulation can satisfy. */
  UNSATISFIABLE_WAIT,
  /** A completion packet that nobody dequeued (at shutdown, or lost with its port). */
  COMPLETION_PACKET_NEVER_DEQUEUED,
  /** A completion routine that never ran because its thread never waited alertably. */
  COMPLETION_ROUTINE_NEVER_RAN,
  /** An operation still pending at shutdown. */
  OPERATION_PENDING_AT_SHUTDOWN,
  /** Memory never freed. */
  LEAKED_MEMORY
}
