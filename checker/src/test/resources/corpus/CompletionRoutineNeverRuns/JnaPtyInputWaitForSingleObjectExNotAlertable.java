package corpus.completionroutineneverruns;
// case: positive: pseudo-console input writer uses WriteFileEx on the overlapped input pipe and waits with WaitForSingleObjectEx on the pipe handle but passes bAlertable FALSE; the write completes, yet the routine that reports broken pipes never runs, so a dead console is never detected

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.io.OutputStream;

public final class JnaPtyInputWaitForSingleObjectExNotAlertable extends OutputStream {
  interface ConsoleKernel32 extends Kernel32 {
    ConsoleKernel32 INSTANCE =
        Native.load("kernel32", ConsoleKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    interface WriteDone extends StdCallLibrary.StdCallCallback {
      void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    boolean WriteFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite, Pointer lpOverlapped,
        WriteDone lpCompletionRoutine);

    int WaitForSingleObjectEx(HANDLE hHandle, int dwMilliseconds, boolean bAlertable);
  }

  private final HANDLE inputPipe;
  private final Memory staging = new Memory(4096);
  private final Memory overlapped = new Memory(32);
  private final ConsoleKernel32.WriteDone writeDone = this::onWriteDone;
  private volatile boolean consoleGone;

  public JnaPtyInputWaitForSingleObjectExNotAlertable(HANDLE overlappedInputPipe) {
    this.inputPipe = overlappedInputPipe;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (consoleGone) {
        throw new IOException("pseudo console closed");
      }
      int n = (int) Math.min(len, staging.size());
      staging.write(0, b, off, n);
      overlapped.clear();
      if (!ConsoleKernel32.INSTANCE.WriteFileEx(inputPipe, staging, n, overlapped, writeDone)) { // expect: CompletionRoutineNeverRuns
        throw new IOException("WriteFileEx failed: " + Native.getLastError());
      }
      int wait = ConsoleKernel32.INSTANCE.WaitForSingleObjectEx(inputPipe, WinBase.INFINITE, false);
      if (wait != WinBase.WAIT_OBJECT_0) {
        throw new IOException("wait on console input failed: " + Native.getLastError());
      }
      off += n;
      len -= n;
    }
  }

  private void onWriteDone(int errorCode, int count, Pointer lpOverlapped) {
    if (errorCode == WinError.ERROR_BROKEN_PIPE || errorCode == WinError.ERROR_NO_DATA) {
      consoleGone = true;
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(inputPipe);
  }
}
