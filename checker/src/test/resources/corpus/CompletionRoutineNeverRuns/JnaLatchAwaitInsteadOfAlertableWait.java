package corpus.completionroutineneverruns;
// case: positive: backup agent issues WriteFileEx and blocks on a CountDownLatch that the routine counts down; a JVM wait is not an alertable Win32 wait, so the routine queued to this thread never runs and every flush times out (and its non-alertable GetOverlappedResult does not run it either)

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class JnaLatchAwaitInsteadOfAlertableWait {
  interface BackupIo extends StdCallLibrary {
    BackupIo INSTANCE = Native.load("kernel32", BackupIo.class, W32APIOptions.DEFAULT_OPTIONS);

    interface Done extends StdCallCallback {
      void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    boolean WriteFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite, Pointer lpOverlapped,
        Done lpCompletionRoutine);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE archive;
  private final Memory block;
  private final Memory overlapped = new Memory(32);
  private final BackupIo.Done done = this::onBlockWritten;
  private long archiveEnd;
  private volatile CountDownLatch flushed;
  private volatile int flushError;

  public JnaLatchAwaitInsteadOfAlertableWait(HANDLE overlappedArchive, int blockSize) {
    this.archive = overlappedArchive;
    this.block = new Memory(blockSize);
  }

  public void flushBlock(byte[] data, long timeoutSeconds) throws IOException, InterruptedException {
    block.write(0, data, 0, data.length);
    overlapped.clear();
    overlapped.setInt(16, (int) archiveEnd);
    overlapped.setInt(20, (int) (archiveEnd >>> 32));
    flushed = new CountDownLatch(1);
    if (!BackupIo.INSTANCE.WriteFileEx(archive, block, data.length, overlapped, done)) { // expect: CompletionRoutineNeverRuns
      throw new IOException("WriteFileEx failed: " + Native.getLastError());
    }
    if (!flushed.await(timeoutSeconds, TimeUnit.SECONDS)) {
      BackupIo.INSTANCE.CancelIoEx(archive, overlapped);
      BackupIo.INSTANCE.GetOverlappedResult(archive, overlapped, new IntByReference(), true);
      throw new IOException("archive write timed out");
    }
    if (flushError != 0) {
      throw new IOException("archive write failed: " + flushError);
    }
    archiveEnd += data.length;
  }

  private void onBlockWritten(int errorCode, int count, Pointer lpOverlapped) {
    flushError = errorCode;
    flushed.countDown();
  }
}
