package corpus.skippedcompletionunhandled;
// case: positive: JNA IPC connection keeps one write in flight and starts the next queued frame from the completion handler; the handle has FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, so when a frame's WriteFile returns TRUE no packet arrives, writeInFlight stays set and every later frame waits in the queue forever

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayDeque;
import java.util.Queue;

public final class JnaSendQueueStallsOnSyncWrite {
  interface IpcKernel32 extends Kernel32 {
    IpcKernel32 INSTANCE = Native.load("kernel32", IpcKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean SetFileCompletionNotificationModes(HANDLE h, byte flags);
  }

  private static final byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1;

  private final IpcKernel32 k32 = IpcKernel32.INSTANCE;
  private final HANDLE connection;
  private final Queue<byte[]> outgoing = new ArrayDeque<>();
  private final Memory frame = new Memory(65536);
  private final Memory frameOverlapped = new Memory(32);
  private boolean writeInFlight;

  /** Takes a connected, overlapped pipe handle and binds it to the I/O thread's port. */
  public JnaSendQueueStallsOnSyncWrite(HANDLE connectedPipe, HANDLE ioPort, long key) {
    connection = connectedPipe;
    k32.CreateIoCompletionPort(connection, ioPort, Pointer.createConstant(key), 0);
    k32.SetFileCompletionNotificationModes(connection, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
  }

  public synchronized void send(byte[] payload) {
    if (payload.length > frame.size() - 4) {
      throw new IllegalArgumentException("frame too large: " + payload.length);
    }
    outgoing.add(payload);
    startNextWrite();
  }

  private void startNextWrite() {
    if (writeInFlight || outgoing.isEmpty()) {
      return;
    }
    byte[] payload = outgoing.peek();
    frame.setInt(0, payload.length);
    frame.write(4, payload, 0, payload.length);
    frameOverlapped.clear();
    writeInFlight = true;
    if (!k32.WriteFile(connection, frame, 4 + payload.length, null, frameOverlapped)) { // expect: SkippedCompletionUnhandled
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        writeInFlight = false;
        throw new IllegalStateException("send failed: " + error);
      }
    }
  }

  /** Called by the I/O thread when this connection's write packet is dequeued. */
  public synchronized void onWriteCompleted(boolean success) {
    writeInFlight = false;
    outgoing.remove();
    if (success) {
      startNextWrite();
    }
  }

  public synchronized int queued() {
    return outgoing.size();
  }
}
