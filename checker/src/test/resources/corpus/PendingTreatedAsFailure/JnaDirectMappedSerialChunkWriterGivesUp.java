package corpus.pendingtreatedasfailure;
// case: positive: a direct-mapped serial-port writer sends a firmware image in chunks and stops with a short count as soon as WriteFile returns FALSE; on an overlapped COM handle a chunk usually goes pending, so the upload gives up after the first chunk while that write is still running

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.util.logging.Logger;

public final class JnaDirectMappedSerialChunkWriterGivesUp {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private static final Logger LOG = Logger.getLogger("bootloader");
  private static final int CHUNK = 256;
  private static final int OVERLAPPED_SIZE = 32;
  private static final int EVENT_OFFSET = 24;

  private final HANDLE com;
  private final HANDLE chunkSent;
  private final Memory staging = new Memory(CHUNK);
  private final Memory overlapped = new Memory(OVERLAPPED_SIZE);

  public JnaDirectMappedSerialChunkWriterGivesUp(String portName) {
    com =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    chunkSent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public int upload(byte[] image) {
    IntByReference done = new IntByReference();
    int sent = 0;
    while (sent < image.length) {
      int n = Math.min(CHUNK, image.length - sent);
      staging.write(0, image, sent, n);
      overlapped.clear();
      overlapped.setPointer(EVENT_OFFSET, chunkSent.getPointer());
      if (!WriteFile(com, staging, n, null, overlapped)) { // expect: PendingTreatedAsFailure
        LOG.warning("chunk at " + sent + " not written, error " + Native.getLastError());
        return sent;
      }
      if (!GetOverlappedResult(com, overlapped, done, true)) {
        LOG.warning("chunk at " + sent + " failed, error " + Native.getLastError());
        return sent;
      }
      sent += done.getValue();
    }
    return sent;
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(com);
    Kernel32.INSTANCE.CloseHandle(chunkSent);
  }
}
