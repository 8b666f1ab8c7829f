package io.github.overlapcheck.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers shared by the runtime's tests; everything here uses the public API only. */
final class RuntimeTestSupport {
  static final int READ_WRITE = WinBase.GENERIC_READ | WinBase.GENERIC_WRITE;

  private RuntimeTestSupport() {}

  /** The kinds of the given violations, in order. */
  static List<ViolationKind> kinds(List<Violation> violations) {
    return violations.stream().map(Violation::kind).collect(Collectors.toList());
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** Opens an existing disk file for reading and writing, asynchronous or not. */
  static HANDLE openFile(Kernel32 k32, String name, boolean overlapped) {
    int flags = WinBase.FILE_ATTRIBUTE_NORMAL | (overlapped ? WinBase.FILE_FLAG_OVERLAPPED : 0);
    HANDLE h = k32.CreateFile(name, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, flags, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(h)) {
      throw new AssertionError("CreateFile(" + name + ") failed: " + k32.GetLastError());
    }
    return h;
  }

  /** Creates a duplex byte-mode pipe server end. */
  static HANDLE createPipeServer(Kernel32 k32, String name, boolean overlapped) {
    int openMode = WinBase.PIPE_ACCESS_DUPLEX | (overlapped ? WinBase.FILE_FLAG_OVERLAPPED : 0);
    HANDLE h =
        k32.CreateNamedPipe(
            name,
            openMode,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1,
            4096,
            4096,
            0,
            null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(h)) {
      throw new AssertionError("CreateNamedPipe(" + name + ") failed: " + k32.GetLastError());
    }
    return h;
  }

  /** A manual-reset event, initially not signalled. */
  static HANDLE newManualEvent(Kernel32 k32) {
    return k32.CreateEvent(null, true, false, null);
  }

  /** Whether the object is signalled now (a zero-timeout wait; consumes an auto-reset event). */
  static boolean signaledNow(Kernel32 k32, HANDLE h) {
    int result = k32.WaitForSingleObject(h, 0);
    if (result != WinBase.WAIT_OBJECT_0 && result != WinBase.WAIT_TIMEOUT) {
      throw new AssertionError("wait on " + h + " returned " + result);
    }
    return result == WinBase.WAIT_OBJECT_0;
  }

  /** An OVERLAPPED owned by a Java object, with the given 64-bit offset and event. */
  static OVERLAPPED overlappedAt(Kernel32 k32, long offset, HANDLE event) {
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.Offset = (int) offset;
    ov.OffsetHigh = (int) (offset >>> 32);
    ov.hEvent = event;
    return ov;
  }
}
