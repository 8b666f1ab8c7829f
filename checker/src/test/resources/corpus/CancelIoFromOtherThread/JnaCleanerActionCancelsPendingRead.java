package corpus.canceliofromotherthread;
// case: positive: named-pipe client starts its reads from the owner's thread and registers a Cleaner action for the native state; when the client is dropped without close() the action runs on the Cleaner's thread, where CancelIo cancels nothing of the owner's, so its GetOverlappedResult(bWait=TRUE) blocks the shared Cleaner thread until the server writes

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.lang.ref.Cleaner;

public final class JnaCleanerActionCancelsPendingRead implements AutoCloseable {
  interface PipeApi extends StdCallLibrary {
    PipeApi INSTANCE = Native.load("kernel32", PipeApi.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIo(HANDLE h);
  }

  private static final Cleaner CLEANER = Cleaner.create();

  private static final class NativeState implements Runnable {
    final HANDLE pipe;
    final Memory buffer = new Memory(1024);
    final Memory overlapped = new Memory(32);
    boolean readPending;

    NativeState(HANDLE pipe) {
      this.pipe = pipe;
      overlapped.clear();
    }

    @Override
    public void run() {
      if (readPending) {
        PipeApi.INSTANCE.CancelIo(pipe); // expect: CancelIoFromOtherThread
        PipeApi.INSTANCE.GetOverlappedResult(pipe, overlapped, new IntByReference(), true);
        readPending = false;
      }
      Kernel32.INSTANCE.CloseHandle(pipe);
    }
  }

  private final NativeState state;
  private final Cleaner.Cleanable cleanable;

  public JnaCleanerActionCancelsPendingRead(String pipeName) {
    HANDLE pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    state = new NativeState(pipe);
    cleanable = CLEANER.register(this, state);
  }

  /** Starts a read; poll() reports its data when it is there. */
  public void startRead() {
    if (state.readPending) {
      return;
    }
    if (PipeApi.INSTANCE.ReadFile(state.pipe, state.buffer, 1024, null, state.overlapped)
        || Native.getLastError() == WinError.ERROR_IO_PENDING) {
      state.readPending = true;
      return;
    }
    throw new IllegalStateException("read failed: " + Native.getLastError());
  }

  /** The bytes of the finished read, or null while it is still under way. */
  public byte[] poll() {
    if (!state.readPending) {
      return null;
    }
    IntByReference got = new IntByReference();
    if (!PipeApi.INSTANCE.GetOverlappedResult(state.pipe, state.overlapped, got, false)) {
      if (Native.getLastError() == WinError.ERROR_IO_INCOMPLETE) {
        return null;
      }
      state.readPending = false;
      return new byte[0];
    }
    state.readPending = false;
    return state.buffer.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    cleanable.clean();
  }
}
