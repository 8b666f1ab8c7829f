package corpus.canceliofromotherthread;
// case: positive: serial-port line reader runs its read loop as a task on a single-thread executor; shutdown() runs on whichever thread stops the port and calls CancelIo, which only cancels that thread's I/O, so the executor task's pending read keeps awaitTermination waiting for the next byte

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public final class JnaSerialExecutorTaskShutdown {
  interface SerialIo extends StdCallLibrary {
    SerialIo INSTANCE = Native.load("kernel32", SerialIo.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIo(HANDLE h);
  }

  private final HANDLE port;
  private final ExecutorService ioExecutor = Executors.newSingleThreadExecutor();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  public JnaSerialExecutorTaskShutdown(String portName) {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName,
            WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            0,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
    ioExecutor.submit(this::readLines);
  }

  private void readLines() {
    Memory chunk = new Memory(64);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    IntByReference got = new IntByReference();
    StringBuilder line = new StringBuilder();
    try {
      while (true) {
        if (!SerialIo.INSTANCE.ReadFile(port, chunk, 64, null, ov.getPointer())
            && Native.getLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        if (!SerialIo.INSTANCE.GetOverlappedResult(port, ov.getPointer(), got, true)) {
          return;
        }
        for (byte b : chunk.getByteArray(0, got.getValue())) {
          if (b == '\n') {
            lines.add(line.toString());
            line.setLength(0);
          } else if (b != '\r') {
            line.append(new String(new byte[] {b}, StandardCharsets.US_ASCII));
          }
        }
      }
    } finally {
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    }
  }

  public String nextLine(long timeout, TimeUnit unit) throws InterruptedException {
    return lines.poll(timeout, unit);
  }

  public void shutdown() throws InterruptedException {
    SerialIo.INSTANCE.CancelIo(port); // expect: CancelIoFromOtherThread
    ioExecutor.shutdown();
    if (ioExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
      Kernel32.INSTANCE.CloseHandle(port);
    }
  }
}
