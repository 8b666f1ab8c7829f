package corpus.canceliofromotherthread;
// case: negative: the pipe is opened without FILE_FLAG_OVERLAPPED and read with blocking ReadFile on a reader thread; close() on another thread cancels the blocked read with CancelSynchronousIo on the reader's thread handle, the right call for another thread's synchronous I/O

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

public final class JnaSyncReaderCancelSynchronousIo {
  interface Kernel32Ext extends Kernel32 {
    Kernel32Ext INSTANCE = Native.load("kernel32", Kernel32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean CancelSynchronousIo(HANDLE hThread);
  }

  private final Kernel32Ext k32 = Kernel32Ext.INSTANCE;
  private final HANDLE pipe;
  private final Consumer<byte[]> sink;
  private final CountDownLatch started = new CountDownLatch(1);
  private final Thread reader;
  private volatile HANDLE readerThread;
  private volatile boolean closing;

  public JnaSyncReaderCancelSynchronousIo(String pipeName, Consumer<byte[]> sink) {
    this.sink = sink;
    this.pipe =
        k32.CreateFile(
            pipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL, null);
    this.reader = new Thread(this::readLoop, "sync-pipe-reader");
    reader.start();
  }

  private void readLoop() {
    readerThread = k32.OpenThread(WinNT.THREAD_TERMINATE, false, k32.GetCurrentThreadId());
    started.countDown();
    byte[] buffer = new byte[4096];
    IntByReference got = new IntByReference();
    while (!closing) {
      if (!k32.ReadFile(pipe, buffer, buffer.length, got, null)) {
        return;
      }
      byte[] chunk = new byte[got.getValue()];
      System.arraycopy(buffer, 0, chunk, 0, chunk.length);
      sink.accept(chunk);
    }
  }

  public void close() throws InterruptedException {
    closing = true;
    started.await();
    while (reader.isAlive()) {
      k32.CancelSynchronousIo(readerThread);
      reader.join(50);
    }
    k32.CloseHandle(readerThread);
    k32.CloseHandle(pipe);
  }
}
