package corpus.modifiedwhilepending;
// case: negative: GPS receiver link keeps a read posted on rxOv/rx at all times and sends configuration sentences through a separate tx buffer and txOv; tx is rewritten only after its own write completed, while the unrelated read stays pending

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaFullDuplexSeparateOverlapped implements AutoCloseable {
  interface GpsKernel32 extends Kernel32 {
    GpsKernel32 INSTANCE = Native.load("kernel32", GpsKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final GpsKernel32 k32 = GpsKernel32.INSTANCE;
  private final HANDLE port;
  private final Memory rx = new Memory(4096);
  private final Memory tx = new Memory(128);
  private final WinBase.OVERLAPPED rxOv = new WinBase.OVERLAPPED();
  private final WinBase.OVERLAPPED txOv = new WinBase.OVERLAPPED();

  public JnaFullDuplexSeparateOverlapped(HANDLE overlappedComPort) {
    this.port = overlappedComPort;
    rxOv.hEvent = k32.CreateEvent(null, true, false, null);
    rxOv.write();
    txOv.hEvent = k32.CreateEvent(null, true, false, null);
    txOv.write();
    postRead();
  }

  private void postRead() {
    if (!k32.ReadFile(port, rx, (int) rx.size(), null, rxOv.getPointer())
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("GPS read failed: error " + k32.GetLastError());
    }
  }

  /** Sends NMEA configuration sentences one after another. */
  public void configure(String... sentences) {
    for (String sentence : sentences) {
      byte[] bytes = (sentence + "\r\n").getBytes(StandardCharsets.US_ASCII);
      int n = Math.min(bytes.length, (int) tx.size());
      tx.write(0, bytes, 0, n);
      if (!k32.WriteFile(port, tx, n, null, txOv.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("GPS write failed: error " + error);
        }
      }
      IntByReference sent = new IntByReference();
      if (!k32.GetOverlappedResult(port, txOv.getPointer(), sent, true)) {
        throw new IllegalStateException("GPS write failed: error " + k32.GetLastError());
      }
    }
  }

  /** Blocks for the next batch of NMEA text and posts the next read. */
  public String nextSentences() {
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(port, rxOv.getPointer(), got, true)) {
      throw new IllegalStateException("GPS read failed: error " + k32.GetLastError());
    }
    String text = new String(rx.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII);
    postRead();
    return text;
  }

  @Override
  public void close() {
    k32.CancelIoEx(port, rxOv.getPointer());
    k32.GetOverlappedResult(port, rxOv.getPointer(), new IntByReference(), true);
    k32.CloseHandle(rxOv.hEvent);
    k32.CloseHandle(txOv.hEvent);
  }
}
