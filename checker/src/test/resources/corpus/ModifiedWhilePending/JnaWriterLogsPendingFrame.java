package corpus.modifiedwhilepending;
// case: negative: printer port writer hex-dumps the frame and polls the OVERLAPPED's status word while the WriteFile is pending (only reads of the buffer and OVERLAPPED), and reuses the buffer for the next frame only after GetOverlappedResult has waited

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.util.List;
import java.util.logging.Logger;

public final class JnaWriterLogsPendingFrame {
  interface PrinterKernel32 extends Kernel32 {
    PrinterKernel32 INSTANCE =
        Native.load("kernel32", PrinterKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final Logger LOG = Logger.getLogger("printer");
  private static final long STATUS_PENDING = 0x103L;
  private static final int FRAME_SIZE = 512;

  private final PrinterKernel32 k32 = PrinterKernel32.INSTANCE;
  private final HANDLE printer;
  private final Memory frame = new Memory(FRAME_SIZE);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaWriterLogsPendingFrame(HANDLE overlappedPrinterPort) {
    this.printer = overlappedPrinterPort;
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  public void print(List<byte[]> frames) {
    for (byte[] data : frames) {
      int n = Math.min(data.length, FRAME_SIZE);
      frame.write(0, data, 0, n);
      if (!k32.WriteFile(printer, frame, n, null, ov.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("printer write failed: error " + error);
        }
      }
      if (LOG.isLoggable(java.util.logging.Level.FINE)) {
        StringBuilder hex = new StringBuilder();
        for (byte b : frame.getByteArray(0, Math.min(n, 16))) {
          hex.append(String.format("%02x ", b));
        }
        boolean stillPending = ov.getPointer().getLong(0) == STATUS_PENDING;
        LOG.fine("frame " + hex + (stillPending ? "(pending)" : "(done)"));
      }
      IntByReference sent = new IntByReference();
      if (!k32.GetOverlappedResult(printer, ov.getPointer(), sent, true)) {
        throw new IllegalStateException("printer write failed: error " + k32.GetLastError());
      }
      if (sent.getValue() != n) {
        throw new IllegalStateException("printer took " + sent.getValue() + " of " + n + " bytes");
      }
    }
  }
}
