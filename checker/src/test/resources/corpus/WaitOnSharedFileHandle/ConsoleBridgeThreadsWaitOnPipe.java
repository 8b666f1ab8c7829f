package corpus.waitonsharedfilehandle;
// case: positive: console bridge runs a reader thread that keeps a read outstanding on the duplex pipe while callers write keystrokes from their own thread; both collect their operation with GetOverlappedResult(bWait=TRUE) on an OVERLAPPED without an event, i.e. by waiting on the shared pipe handle, which the other thread's operation can signal first

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.Consumer;

public final class ConsoleBridgeThreadsWaitOnPipe implements AutoCloseable {
  private static final int CHUNK = 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory screen;
  private final OVERLAPPED screenOv;
  private final Memory keys;
  private final OVERLAPPED keysOv;
  private final Consumer<byte[]> output;
  private final HANDLE reader;
  private volatile boolean closing;

  public ConsoleBridgeThreadsWaitOnPipe(Kernel32 k32, String pipeName, Consumer<byte[]> output) {
    this.k32 = k32;
    this.output = output;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    screen = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    screenOv = new OVERLAPPED(k32);
    keys = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    keysOv = new OVERLAPPED(k32);
    reader = k32.CreateThread("console-bridge-reader", this::pumpScreen);
  }

  private void pumpScreen() {
    while (!closing) {
      if (!k32.ReadFile(pipe, screen, CHUNK, null, screenOv)
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        return;
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(pipe, screenOv.getPointer(), got, true)) { // expect: WaitOnSharedFileHandle
        return;
      }
      output.accept(screen.getByteArray(0, got.getValue()));
    }
  }

  public synchronized void type(byte[] keystrokes) {
    int length = Math.min(keystrokes.length, CHUNK);
    keys.write(0, keystrokes, 0, length);
    if (!k32.WriteFile(pipe, keys, length, null, keysOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("key write failed: error " + k32.GetLastError());
    }
    if (!k32.GetOverlappedResult(pipe, keysOv.getPointer(), new IntByReference(), true)) { // expect: WaitOnSharedFileHandle
      throw new IllegalStateException("key write failed: error " + k32.GetLastError());
    }
  }

  @Override
  public synchronized void close() {
    closing = true;
    k32.CancelIoEx(pipe, screenOv.getPointer());
    k32.WaitForSingleObject(reader, WinBase.INFINITE);
    k32.CloseHandle(reader);
    k32.CloseHandle(pipe);
    k32.LocalFree(screen);
    k32.LocalFree(keys);
  }
}
