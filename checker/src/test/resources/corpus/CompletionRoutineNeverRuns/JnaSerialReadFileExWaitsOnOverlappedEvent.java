package corpus.completionroutineneverruns;
// case: positive: serial reader puts an event in the OVERLAPPED and waits on it with WaitForSingleObject after ReadFileEx, as it would after ReadFile; ReadFileEx ignores hEvent and only queues the routine to the thread, which never waits alertably, so the routine never runs and the wait never ends

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaSerialReadFileExWaitsOnOverlappedEvent implements AutoCloseable {
  interface SerialKernel32 extends Kernel32 {
    SerialKernel32 INSTANCE =
        Native.load("kernel32", SerialKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, Pointer lpOverlapped,
        WinNT.OVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
  }

  private final HANDLE port;
  private final Memory rx = new Memory(256);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private final WinNT.OVERLAPPED_COMPLETION_ROUTINE onRead = this::onRead;
  private int received;
  private int readError;

  public JnaSerialReadFileExWaitsOnOverlappedEvent(String comPort) throws IOException {
    port =
        SerialKernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      throw new IOException("cannot open " + comPort + ": " + Native.getLastError());
    }
    ov.hEvent = SerialKernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public byte[] read(int max) throws IOException {
    int want = Math.min(max, (int) rx.size());
    SerialKernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!SerialKernel32.INSTANCE.ReadFileEx(port, rx, want, ov.getPointer(), onRead)) { // expect: CompletionRoutineNeverRuns
      throw new IOException("ReadFileEx failed: " + Native.getLastError());
    }
    if (SerialKernel32.INSTANCE.WaitForSingleObject(ov.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IOException("wait failed: " + Native.getLastError());
    }
    if (readError != 0) {
      throw new IOException("serial read failed: " + readError);
    }
    return rx.getByteArray(0, received);
  }

  private void onRead(int errorCode, int count, WinBase.OVERLAPPED overlapped) {
    readError = errorCode;
    received = count;
  }

  @Override
  public void close() {
    SerialKernel32.INSTANCE.CloseHandle(port);
    SerialKernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
