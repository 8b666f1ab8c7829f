package corpus.canceliofromotherthread;
// case: negative: HID request/response transactions run as Callables on an I/O executor; each task issues its own write and read, and on a response timeout the same task calls CancelIo and then waits for the aborted read, so the cancel runs on the issuing thread

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

public final class JnaHidTransactionTaskCancelsOwnRead {
  interface HidIo extends Kernel32 {
    HidIo INSTANCE = Native.load("kernel32", HidIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIo(HANDLE h);
  }

  private static final int REPORT = 65;

  private final HidIo k32 = HidIo.INSTANCE;
  private final HANDLE device;
  private final ExecutorService io = Executors.newSingleThreadExecutor();

  public JnaHidTransactionTaskCancelsOwnRead(String devicePath) {
    device =
        k32.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
  }

  public Future<byte[]> transact(byte[] request, int timeoutMillis) {
    return io.submit(
        () -> {
          Memory out = new Memory(REPORT);
          Memory in = new Memory(REPORT);
          out.clear();
          out.write(0, request, 0, Math.min(request.length, REPORT));
          WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
          ov.hEvent = k32.CreateEvent(null, true, false, null);
          ov.write();
          IntByReference n = new IntByReference();
          try {
            if (!k32.WriteFile(device, out, REPORT, null, ov.getPointer())
                && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
              throw new IOException("output report failed: " + k32.GetLastError());
            }
            if (!k32.GetOverlappedResult(device, ov.getPointer(), n, true)) {
              throw new IOException("output report failed: " + k32.GetLastError());
            }
            if (!k32.ReadFile(device, in, REPORT, null, ov.getPointer())) {
              if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                throw new IOException("input report failed: " + k32.GetLastError());
              }
              if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
                k32.CancelIo(device);
              }
            }
            if (!k32.GetOverlappedResult(device, ov.getPointer(), n, true)) {
              return null;
            }
            return in.getByteArray(0, n.getValue());
          } finally {
            k32.CloseHandle(ov.hEvent);
          }
        });
  }

  public void close() throws InterruptedException {
    io.shutdown();
    if (io.awaitTermination(1, TimeUnit.MINUTES)) {
      k32.CloseHandle(device);
    }
  }
}
