package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A client of a service's control pipe, opened for overlapped I/O: it keeps a read outstanding for
 * the service's notifications and sends commands.
 */
public final class NullOverlappedOnAsyncHandleSample implements AutoCloseable {
  private static final int NOTIFICATION_SIZE = 64;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory notification;
  private final OVERLAPPED notificationRead;
  private final HANDLE commandSent;

  public NullOverlappedOnAsyncHandleSample(Kernel32 k32, String pipeName) throws IOException {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.notification = k32.LocalAlloc(WinBase.LMEM_FIXED, NOTIFICATION_SIZE);
    this.notificationRead = new OVERLAPPED(k32);
    notificationRead.hEvent = k32.CreateEvent(null, true, false, null);
    this.commandSent = k32.CreateEvent(null, true, false, null);
    if (!k32.ReadFile(pipe, notification, NOTIFICATION_SIZE, null, notificationRead)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("cannot listen for notifications: error " + k32.GetLastError());
    }
  }

  /** Sends one command; returns the number of bytes sent. */
  public int sendCommand(String command) throws IOException {
    byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    try {
      buffer.write(0, bytes, 0, bytes.length);
      // Its own OVERLAPPED and event: the wait is for this write, not for any completion.
      OVERLAPPED overlapped = new OVERLAPPED(k32);
      overlapped.hEvent = commandSent;
      if (!k32.WriteFile(pipe, buffer, bytes.length, null, overlapped)
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("cannot send " + command + ": error " + k32.GetLastError());
      }
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(pipe, overlapped.getPointer(), written, true)) {
        throw new IOException("cannot send " + command + ": error " + k32.GetLastError());
      }
      return written.getValue();
    } finally {
      k32.LocalFree(buffer);
    }
  }

  @Override
  public void close() {
    k32.CancelIoEx(pipe, notificationRead.getPointer());
    k32.GetOverlappedResult(pipe, notificationRead.getPointer(), new IntByReference(), true);
    k32.LocalFree(notification);
    k32.CloseHandle(notificationRead.hEvent);
    k32.CloseHandle(commandSent);
    k32.CloseHandle(pipe);
  }
}
