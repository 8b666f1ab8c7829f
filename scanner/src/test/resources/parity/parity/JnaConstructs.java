package parity;

import static com.sun.jna.platform.win32.WinNT.FILE_FLAG_OVERLAPPED;

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

/** Constructs the two front ends must lower alike; not a realistic program. */
public final class JnaConstructs implements WinNT {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer ov);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer ov);

    boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference transferred, boolean wait);
  }

  private static final Kernel32 K32 = Kernel32.INSTANCE;
  private static final int CHUNK = 0x200;
  private final HANDLE file;
  private final HANDLE[] handles = new HANDLE[2];
  private final Memory scratch = new Memory(CHUNK);
  private long position;
  private int mode = 1;

  public JnaConstructs(String path) {
    final int flags = FILE_FLAG_OVERLAPPED | FILE_ATTRIBUTE_NORMAL;
    file = K32.CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_ALWAYS, flags, null);
    handles[0] = file;
    handles[1] = K32.CreateEvent(null, true, false, null);
  }

  public void readArray(int which) {
    byte[] data = new byte[CHUNK];
    OVERLAPPED ov = new OVERLAPPED();
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    switch (which) {
      case 0:
        K32.ReadFile(file, data, data.length, null, ov);
        break;
      case 1:
        {
          var count = new IntByReference();
          if (K32.ReadFile(file, data, CHUNK, count, ov)) {
            position += count.getValue();
          }
          break;
        }
      default:
        mode = which > 2 ? 2 : 3;
    }
  }

  public int labeled(Memory buffer) {
    int total = 0;
    outer:
    for (int i = 0, j = 10; i < j; i++) {
      Memory ov = new Memory(32);
      ov.clear();
      do {
        boolean ok =
            i % 2 == 0
                ? Io.INSTANCE.ReadFile(file, buffer, 64, null, ov)
                : Io.INSTANCE.WriteFile(file, buffer, 64, null, ov);
        if (!ok) {
          if (K32.GetLastError() == WinError.ERROR_IO_PENDING) {
            continue outer;
          }
          break outer;
        }
        total += 64;
      } while (total < 10);
    }
    return total;
  }

  public void tryWithResources() {
    try (Memory m = new Memory(256)) {
      Memory ov = new Memory(32);
      ov.setInt(16, 0);
      ov.setInt(20, 0);
      Io.INSTANCE.WriteFile(file, m, 256, null, ov);
    } catch (RuntimeException e) {
      throw e;
    } finally {
      position++;
    }
  }

  public void anonymousAndLambda() {
    Runnable r =
        new Runnable() {
          private final byte[] b = new byte[16];

          @Override
          public void run() {
            K32.ReadFile(file, b, 16, null, new OVERLAPPED());
          }
        };
    new Thread(this::pump).start();
    Runnable l = () -> K32.ReadFile(file, new byte[4], 4, null, new OVERLAPPED());
    r.run();
    l.run();
  }

  private void pump() {
    OVERLAPPED ov = new OVERLAPPED();
    ov.hEvent = K32.CreateEvent(null, true, false, null);
    if (!Io.INSTANCE.ReadFile(file, scratch, 8, null, ov.getPointer())) {
      K32.WaitForSingleObject(file, WinBase.INFINITE);
    }
  }

  public void handlesLoop() {
    for (HANDLE h : handles) {
      K32.WaitForSingleObject(h, 10);
    }
    K32.WaitForMultipleObjects(handles.length, handles, true, WinBase.INFINITE);
    synchronized (this) {
      K32.CloseHandle(file);
    }
  }

  public int result(OVERLAPPED ov) {
    IntByReference n = new IntByReference();
    Io.INSTANCE.WriteFile(file, scratch, 4, n, ov.getPointer());
    Io.INSTANCE.GetOverlappedResult(file, ov.getPointer(), n, true);
    return n.getValue();
  }

  public int patterns(Object o) {
    if (o instanceof OVERLAPPED ov) {
      IntByReference n = new IntByReference();
      K32.ReadFile(file, new byte[4], 4, n, ov);
      Io.INSTANCE.GetOverlappedResult(file, ov.getPointer(), n, false);
      return n.getValue();
    }
    return 0;
  }

  static final class Nested {
    private final Memory m = new Memory(4);

    void write(HANDLE h) {
      Io.INSTANCE.WriteFile(h, m, 4, null, null);
    }
  }
}
