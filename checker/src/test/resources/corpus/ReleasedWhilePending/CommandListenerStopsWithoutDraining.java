package corpus.releasedwhilepending;
// case: positive: command-listener thread waits on {read event, stop event}; when stop is signalled it leaves the loop with the posted ReadFile still pending and its finally closes the pipe and frees the read buffer without cancelling or waiting

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

public final class CommandListenerStopsWithoutDraining implements Runnable {
  private static final int COMMAND_MAX = 256;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE stop;
  private final Consumer<String> handler;
  private final Memory inbox;
  private final OVERLAPPED ov;

  public CommandListenerStopsWithoutDraining(
      Kernel32 k32, String pipeName, HANDLE stop, Consumer<String> handler) {
    this.k32 = k32;
    this.stop = stop;
    this.handler = handler;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.inbox = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, COMMAND_MAX);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  @Override
  public void run() {
    try {
      while (true) {
        if (!k32.ReadFile(pipe, inbox, COMMAND_MAX, null, ov.getPointer())) {
          int error = k32.GetLastError();
          if (error == WinError.ERROR_BROKEN_PIPE) {
            return;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("command read failed: error " + error);
          }
        }
        HANDLE[] objects = {ov.hEvent, stop};
        int which = k32.WaitForMultipleObjects(2, objects, false, WinBase.INFINITE);
        if (which != WinBase.WAIT_OBJECT_0) {
          return;
        }
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, false)) {
          return;
        }
        handler.accept(
            new String(inbox.getByteArray(0, got.getValue()), StandardCharsets.UTF_8));
      }
    } finally {
      k32.CloseHandle(pipe); // expect: ReleasedWhilePending
      k32.LocalFree(inbox); // expect: ReleasedWhilePending
    }
  }
}
