package parity;

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

/** Newer syntax the two front ends must lower alike; not a realistic program. */
public final class RuntimeConstructs {
  enum Kind {
    READ,
    WRITE
  }

  record Request(Memory buffer, int length) {}

  private static final String PIPE =
      """
      \\\\.\\pipe\\parity""";

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE disk;

  public RuntimeConstructs(Kernel32 k32) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            PIPE.strip(),
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.disk =
        k32.CreateFile(
            "data.bin",
            WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
  }

  public int transfer(Kind kind, Request request) {
    Object o = request;
    if (o instanceof Request r && r.length() > 0) {
      OVERLAPPED ov = new OVERLAPPED(k32);
      boolean ok =
          switch (kind) {
            case READ -> k32.ReadFile(pipe, r.buffer(), r.length(), null, ov);
            case WRITE -> k32.WriteFile(pipe, r.buffer(), r.length(), null, ov);
          };
      if (!ok && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("failed");
      }
      return 1;
    }
    return 0;
  }

  public void arena(int length) {
    try (Arena arena = k32.openArena()) {
      OVERLAPPED ov = new OVERLAPPED(arena);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, length);
      k32.ReadFile(pipe, buffer, length, null, ov);
    }
  }

  public void twice(Memory buffer) {
    OVERLAPPED ov = new OVERLAPPED(k32);
    for (int i = 0; i < 2; i++) {
      IntByReference done = new IntByReference();
      k32.WriteFile(disk, buffer, 16, done, ov);
      k32.GetOverlappedResult(disk, ov.getPointer(), done, true);
    }
  }

  public void arrowSwitchStatement(Kind kind, Memory buffer) {
    switch (kind) {
      case READ -> k32.ReadFile(pipe, buffer, 8, null, (OVERLAPPED) null);
      case WRITE -> {
        OVERLAPPED ov = new OVERLAPPED(k32);
        k32.WriteFile(pipe, buffer, 8, null, ov);
      }
    }
  }
}
