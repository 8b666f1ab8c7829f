package corpus.completionroutineneverruns;
// case: negative: a reader thread issues ReadFileEx and sleeps alertably while a read is outstanding, re-issuing from the routine; close() runs on another thread and only waits non-alertably on the reader's exit event while it cancels with CancelIoEx, which is fine because the routines belong to the reader thread

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.function.Consumer;

public final class JnaTraceReaderThreadStopsFromClose implements AutoCloseable {
  interface TraceIo extends StdCallLibrary {
    TraceIo INSTANCE = Native.load("kernel32", TraceIo.class, W32APIOptions.DEFAULT_OPTIONS);

    interface ChunkRead extends StdCallCallback {
      void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    boolean ReadFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, Pointer lpOverlapped,
        ChunkRead lpCompletionRoutine);

    int SleepEx(int dwMilliseconds, boolean bAlertable);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE tracePipe;
  private final Consumer<byte[]> sink;
  private final Memory chunk = new Memory(8192);
  private final Memory overlapped = new Memory(32);
  private final TraceIo.ChunkRead onChunk = this::onChunk;
  private final HANDLE readerExited = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  private volatile boolean stopping;
  private boolean outstanding;

  public JnaTraceReaderThreadStopsFromClose(HANDLE overlappedTracePipe, Consumer<byte[]> sink) {
    this.tracePipe = overlappedTracePipe;
    this.sink = sink;
    Thread reader = new Thread(this::readLoop, "etw-trace-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop() {
    try {
      outstanding = issueRead();
      while (outstanding) {
        TraceIo.INSTANCE.SleepEx(WinBase.INFINITE, true);
      }
    } finally {
      Kernel32.INSTANCE.SetEvent(readerExited);
    }
  }

  private boolean issueRead() {
    overlapped.clear();
    return TraceIo.INSTANCE.ReadFileEx(tracePipe, chunk, (int) chunk.size(), overlapped, onChunk);
  }

  private void onChunk(int errorCode, int count, Pointer lpOverlapped) {
    if (errorCode != WinError.ERROR_SUCCESS) {
      outstanding = false;
      return;
    }
    sink.accept(chunk.getByteArray(0, count));
    outstanding = !stopping && issueRead();
  }

  @Override
  public void close() {
    stopping = true;
    while (Kernel32.INSTANCE.WaitForSingleObject(readerExited, 100) == WinError.WAIT_TIMEOUT) {
      TraceIo.INSTANCE.CancelIoEx(tracePipe, null);
    }
    Kernel32.INSTANCE.CloseHandle(tracePipe);
    Kernel32.INSTANCE.CloseHandle(readerExited);
  }
}
