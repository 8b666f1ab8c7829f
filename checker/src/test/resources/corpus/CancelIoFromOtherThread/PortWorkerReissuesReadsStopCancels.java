package corpus.canceliofromotherthread;
// case: positive: command-channel server on a completion port; every read is issued by the port worker thread (the first one when it starts, the rest after each packet), so stop() on the owner's thread calls CancelIo on operations it never issued: no aborted packet arrives and the worker never sees the stop

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.PointerByReference;
import io.github.overlapcheck.runtime.ULONG_PTRByReference;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

public final class PortWorkerReissuesReadsStopCancels {
  private static final int COMMAND_SIZE = 96;

  private final Kernel32 k32;
  private final HANDLE channel;
  private final HANDLE port;
  private final Memory command;
  private final OVERLAPPED commandOv;
  private final Consumer<String> dispatcher;
  private final HANDLE worker;

  public PortWorkerReissuesReadsStopCancels(Kernel32 k32, String pipeName, Consumer<String> dispatcher) {
    this.k32 = k32;
    this.dispatcher = dispatcher;
    this.channel =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(channel, null, 1, 1);
    this.command = k32.LocalAlloc(WinBase.LMEM_FIXED, COMMAND_SIZE);
    this.commandOv = new OVERLAPPED(k32);
    this.worker = k32.CreateThread("command-worker", this::serve);
  }

  private boolean issueRead() {
    if (k32.ReadFile(channel, command, COMMAND_SIZE, null, commandOv.getPointer())) {
      return true;
    }
    return k32.GetLastError() == WinError.ERROR_IO_PENDING;
  }

  private void serve() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    if (!issueRead()) {
      return;
    }
    while (true) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      if (overlapped.getValue() == null || !ok) {
        return;
      }
      String text = new String(command.getByteArray(0, bytes.getValue()), StandardCharsets.UTF_8);
      dispatcher.accept(text.trim());
      if (!issueRead()) {
        return;
      }
    }
  }

  public void stop() {
    k32.CancelIo(channel); // expect: CancelIoFromOtherThread
    k32.WaitForSingleObject(worker, WinBase.INFINITE);
    k32.CloseHandle(worker);
    k32.CloseHandle(channel);
    k32.CloseHandle(port);
    k32.LocalFree(command);
  }
}
