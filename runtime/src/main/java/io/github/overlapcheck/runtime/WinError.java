package io.github.overlapcheck.runtime;

/** Win32 error codes returned by {@link Kernel32#GetLastError()}, with their Win32 values. */
public final class WinError {
  public static final int ERROR_SUCCESS = 0;
  public static final int ERROR_FILE_NOT_FOUND = 2;
  public static final int ERROR_ACCESS_DENIED = 5;
  public static final int ERROR_INVALID_HANDLE = 6;
  public static final int ERROR_HANDLE_EOF = 38;
  public static final int ERROR_FILE_EXISTS = 80;
  public static final int ERROR_INVALID_PARAMETER = 87;
  public static final int ERROR_BROKEN_PIPE = 109;
  public static final int ERROR_NEGATIVE_SEEK = 131;
  public static final int ERROR_ALREADY_EXISTS = 183;
  public static final int ERROR_PIPE_BUSY = 231;
  public static final int ERROR_NO_DATA = 232;
  public static final int WAIT_TIMEOUT = 258;
  public static final int ERROR_PIPE_CONNECTED = 535;
  public static final int ERROR_PIPE_LISTENING = 536;
  public static final int ERROR_ABANDONED_WAIT_0 = 735;
  public static final int ERROR_OPERATION_ABORTED = 995;
  public static final int ERROR_IO_INCOMPLETE = 996;
  public static final int ERROR_IO_PENDING = 997;
  public static final int ERROR_POSSIBLE_DEADLOCK = 1131;
  public static final int ERROR_NOT_FOUND = 1168;

  /** NTSTATUS values the kernel stores in {@code OVERLAPPED.Internal}. */
  public static final long STATUS_SUCCESS = 0x0L;

  public static final long STATUS_PENDING = 0x103L;
  public static final long STATUS_END_OF_FILE = 0xC0000011L;
  public static final long STATUS_CANCELLED = 0xC0000120L;
  public static final long STATUS_PIPE_BROKEN = 0xC000014BL;
  public static final long STATUS_PIPE_CLOSING = 0xC00000B1L;

  private WinError() {}

  /** The Win32 error a completion status maps to, as RtlNtStatusToDosError does for these. */
  static int toWin32(long ntStatus) {
    if (ntStatus == STATUS_SUCCESS || ntStatus == STATUS_PENDING) {
      return ERROR_SUCCESS;
    }
    if (ntStatus == STATUS_END_OF_FILE) {
      return ERROR_HANDLE_EOF;
    }
    if (ntStatus == STATUS_CANCELLED) {
      return ERROR_OPERATION_ABORTED;
    }
    if (ntStatus == STATUS_PIPE_BROKEN) {
      return ERROR_BROKEN_PIPE;
    }
    if (ntStatus == STATUS_PIPE_CLOSING) {
      return ERROR_NO_DATA;
    }
    throw new IllegalArgumentException("unmodelled NTSTATUS 0x" + Long.toHexString(ntStatus));
  }

  /** NT_SUCCESS: the high bit clear. STATUS_PENDING counts as success. */
  static boolean isSuccess(long ntStatus) {
    return (ntStatus & 0x80000000L) == 0;
  }
}
