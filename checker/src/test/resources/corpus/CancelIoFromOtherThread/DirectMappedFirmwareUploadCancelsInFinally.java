package corpus.canceliofromotherthread;
// case: negative: firmware uploader (JNA direct mapping) writes chunks on the calling thread and, when a chunk write is still pending at the deadline, calls CancelIo in a finally block of the same method and waits for the aborted write; the class also runs a progress-reporter thread, but that thread never touches the device

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

public final class DirectMappedFirmwareUploadCancelsInFinally {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native int WaitForSingleObject(HANDLE hHandle, int dwMilliseconds);

  static native HANDLE CreateEventW(Pointer lpEventAttributes, boolean bManualReset, boolean bInitialState, char[] lpName);

  static native boolean CancelIo(HANDLE hFile);

  static native boolean CloseHandle(HANDLE hObject);

  private static final int CHUNK = 256;
  private static final int WAIT_OBJECT_0 = 0;

  private final HANDLE bootloader;
  private final AtomicInteger sent = new AtomicInteger();

  public DirectMappedFirmwareUploadCancelsInFinally(HANDLE overlappedBootloaderPort) {
    this.bootloader = overlappedBootloaderPort;
  }

  public void upload(byte[] image, int chunkTimeoutMillis) throws IOException {
    Thread progress =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                System.out.printf("uploaded %d of %d bytes%n", sent.get(), image.length);
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "upload-progress");
    progress.setDaemon(true);
    progress.start();
    Memory chunk = new Memory(CHUNK);
    Memory ov = new Memory(32);
    HANDLE written = CreateEventW(null, true, false, null);
    IntByReference n = new IntByReference();
    try {
      for (int at = 0; at < image.length; at += CHUNK) {
        int length = Math.min(CHUNK, image.length - at);
        chunk.write(0, image, at, length);
        ov.clear();
        ov.setPointer(24, written.getPointer());
        boolean started = false;
        try {
          if (!WriteFile(bootloader, chunk, length, null, ov)
              && Native.getLastError() != WinError.ERROR_IO_PENDING) {
            throw new IOException("chunk at " + at + " failed: " + Native.getLastError());
          }
          started = true;
          if (WaitForSingleObject(written, chunkTimeoutMillis) != WAIT_OBJECT_0) {
            throw new IOException("chunk at " + at + " timed out");
          }
        } finally {
          if (started && WaitForSingleObject(written, 0) != WAIT_OBJECT_0) {
            CancelIo(bootloader);
            GetOverlappedResult(bootloader, ov, n, true);
          }
        }
        if (!GetOverlappedResult(bootloader, ov, n, false) || n.getValue() != length) {
          throw new IOException("chunk at " + at + " not written");
        }
        sent.addAndGet(length);
      }
    } finally {
      progress.interrupt();
      CloseHandle(written);
    }
  }
}
