package corpus.skippedcompletionunhandled;
// case: positive: serial receiver on a shared completion port sets both skip flags for speed, then arms each read with "TRUE or ERROR_IO_PENDING means started" and leaves the bytes and the next read to onCompletion(); a read satisfied from the driver's buffer returns TRUE, gets no packet, and the port stops receiving

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.util.function.Consumer;

public final class JnaSerialReceiveTrueTreatedAsStarted {
  interface Comm extends StdCallLibrary {
    Comm INSTANCE = Native.load("kernel32", Comm.class);

    byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1;
    byte FILE_SKIP_SET_EVENT_ON_HANDLE = 2;

    boolean SetFileCompletionNotificationModes(HANDLE handle, byte flags);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);
  }

  private final HANDLE com;
  private final Memory rx = new Memory(512);
  private final Memory rxOverlapped = new Memory(32);
  private final Consumer<byte[]> onBytes;

  /** Opens the port and associates it with the application's completion port under {@code key}. */
  public JnaSerialReceiveTrueTreatedAsStarted(String portName, HANDLE completionPort, long key, Consumer<byte[]> onBytes) {
    this.onBytes = onBytes;
    com =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    Kernel32.INSTANCE.CreateIoCompletionPort(com, completionPort, Pointer.createConstant(key), 0);
    Comm.INSTANCE.SetFileCompletionNotificationModes(
        com, (byte) (Comm.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | Comm.FILE_SKIP_SET_EVENT_ON_HANDLE));
    armRead();
  }

  private void armRead() {
    rxOverlapped.clear();
    boolean ok = Comm.INSTANCE.ReadFile(com, rx, (int) rx.size(), null, rxOverlapped); // expect: SkippedCompletionUnhandled
    if (ok || Native.getLastError() == WinError.ERROR_IO_PENDING) {
      return;
    }
    throw new IllegalStateException("serial read failed: " + Native.getLastError());
  }

  /** Called by the application's port thread for every packet with this port's key. */
  public void onCompletion(boolean success, int bytes) {
    if (!success) {
      return;
    }
    onBytes.accept(rx.getByteArray(0, bytes));
    armRead();
  }
}
