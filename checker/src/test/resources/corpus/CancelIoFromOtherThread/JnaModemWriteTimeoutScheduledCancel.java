package corpus.canceliofromotherthread;
// case: positive: modem driver sends an AT command with a write timeout implemented as a task on a ScheduledExecutorService; the scheduled CancelIo runs on the scheduler's thread and cannot cancel the write issued by the sending thread, so a stalled write (flow control held off) is never aborted

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

public final class JnaModemWriteTimeoutScheduledCancel {
  interface ModemKernel32 extends Kernel32 {
    ModemKernel32 INSTANCE = Native.load("kernel32", ModemKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIo(HANDLE hFile);
  }

  private static final ScheduledExecutorService TIMEOUTS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "modem-timeouts");
            t.setDaemon(true);
            return t;
          });

  private final ModemKernel32 k32 = ModemKernel32.INSTANCE;
  private final HANDLE modem;
  private final Memory out = new Memory(256);
  private final WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED();

  public JnaModemWriteTimeoutScheduledCancel(String comPort) {
    modem =
        k32.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
    writeOv.write();
  }

  public void sendCommand(String command, long timeoutMillis) throws IOException {
    byte[] bytes = (command + "\r").getBytes(StandardCharsets.US_ASCII);
    if (bytes.length > out.size()) {
      throw new IOException("command too long");
    }
    out.write(0, bytes, 0, bytes.length);
    if (!k32.WriteFile(modem, out, bytes.length, null, writeOv.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("WriteFile failed: " + error);
      }
    }
    ScheduledFuture<?> timeout =
        TIMEOUTS.schedule(() -> k32.CancelIo(modem), timeoutMillis, TimeUnit.MILLISECONDS); // expect: CancelIoFromOtherThread
    IntByReference written = new IntByReference();
    boolean ok = k32.GetOverlappedResult(modem, writeOv.getPointer(), written, true);
    timeout.cancel(false);
    if (!ok) {
      throw new IOException("command not sent: " + k32.GetLastError());
    }
    if (written.getValue() != bytes.length) {
      throw new IOException("short write: " + written.getValue());
    }
  }

  public void close() {
    k32.CloseHandle(modem);
    k32.CloseHandle(writeOv.hEvent);
  }
}
