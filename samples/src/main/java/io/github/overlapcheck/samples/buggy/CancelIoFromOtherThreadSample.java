package io.github.overlapcheck.samples.buggy;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Receives messages from a named pipe on a reader thread and hands them to the caller. */
public final class CancelIoFromOtherThreadSample implements AutoCloseable {
  private static final int MESSAGE_SIZE = 256;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE messageQueued;
  private final Queue<String> messages = new ConcurrentLinkedQueue<>();
  private final HANDLE reader;

  public CancelIoFromOtherThreadSample(Kernel32 k32, String pipeName) {
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
    this.messageQueued = k32.CreateEvent(null, false, false, null);
    this.reader = k32.CreateThread("pipe-reader", this::readMessages);
  }

  private void readMessages() {
    HANDLE readDone = k32.CreateEvent(null, true, false, null);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, MESSAGE_SIZE);
    OVERLAPPED overlapped = new OVERLAPPED(k32);
    overlapped.hEvent = readDone;
    overlapped.write();
    IntByReference received = new IntByReference();
    try {
      while (true) {
        if (!k32.ReadFile(pipe, buffer, MESSAGE_SIZE, null, overlapped.getPointer())
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        if (!k32.GetOverlappedResult(pipe, overlapped.getPointer(), received, true)) {
          return;
        }
        byte[] bytes = buffer.getByteArray(0, received.getValue());
        messages.add(new String(bytes, StandardCharsets.UTF_8));
        k32.SetEvent(messageQueued);
      }
    } finally {
      k32.LocalFree(buffer);
      k32.CloseHandle(readDone);
    }
  }

  /** Waits for the next message. */
  public String take() {
    String message;
    while ((message = messages.poll()) == null) {
      k32.WaitForSingleObject(messageQueued, WinBase.INFINITE);
    }
    return message;
  }

  @Override
  public void close() {
    k32.CancelIo(pipe);
    k32.WaitForSingleObject(reader, WinBase.INFINITE);
    k32.CloseHandle(reader);
    k32.CloseHandle(pipe);
    k32.CloseHandle(messageQueued);
  }
}
