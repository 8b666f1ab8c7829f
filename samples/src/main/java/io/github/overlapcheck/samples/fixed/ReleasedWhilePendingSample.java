package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

/** Receives a controller's commands on a named pipe, keeping one read posted at all times. */
public final class ReleasedWhilePendingSample implements AutoCloseable {
  private static final int COMMAND_SIZE = 128;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE commandArrived;
  private final Memory command;
  private final OVERLAPPED overlapped;

  public ReleasedWhilePendingSample(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.commandArrived = k32.CreateEvent(null, true, false, null);
    this.command = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, COMMAND_SIZE);
    this.overlapped = new OVERLAPPED(k32);
    overlapped.hEvent = commandArrived;
    overlapped.write();
    postRead();
  }

  private void postRead() {
    if (!k32.ReadFile(pipe, command, COMMAND_SIZE, null, overlapped.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ReadFile failed: error " + error);
      }
    }
  }

  /** Waits for the next command. */
  public String nextCommand() {
    IntByReference received = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, overlapped.getPointer(), received, true)) {
      throw new IllegalStateException("command read failed: error " + k32.GetLastError());
    }
    String text = new String(command.getByteArray(0, received.getValue()), StandardCharsets.UTF_8);
    postRead();
    return text;
  }

  @Override
  public void close() {
    k32.CancelIoEx(pipe, overlapped.getPointer());
    // The cancelled read still completes (aborted); it owns the buffer until then.
    k32.GetOverlappedResult(pipe, overlapped.getPointer(), new IntByReference(), true);
    k32.LocalFree(command);
    k32.CloseHandle(pipe);
    k32.CloseHandle(commandArrived);
  }
}
