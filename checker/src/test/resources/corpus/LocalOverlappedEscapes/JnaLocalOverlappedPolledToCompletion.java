package corpus.localoverlappedescapes;
// case: negative: card-reader command over an overlapped COM port with a method-local Memory and WinBase.OVERLAPPED; the method never waits with bWait=TRUE but polls GetOverlappedResult(bWait=FALSE) until it stops reporting ERROR_IO_INCOMPLETE, so it only leaves once the read is over and the locals are no longer in use

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
import com.sun.jna.win32.W32APIOptions;

public final class JnaLocalOverlappedPolledToCompletion {
  interface SerialIo extends StdCallLibrary {
    SerialIo INSTANCE = Native.load("kernel32", SerialIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    int SleepEx(int milliseconds, boolean alertable);
  }

  private static final int ATR_MAX = 33;

  private final HANDLE reader;

  public JnaLocalOverlappedPolledToCompletion(String comPort) {
    reader =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(reader)) {
      throw new IllegalStateException("cannot open " + comPort + ": " + Native.getLastError());
    }
  }

  public byte[] readAnswerToReset() {
    Memory atr = new Memory(ATR_MAX);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.write();
    if (!SerialIo.INSTANCE.ReadFile(reader, atr, ATR_MAX, null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ATR read failed: " + error);
      }
    }
    IntByReference got = new IntByReference();
    while (!SerialIo.INSTANCE.GetOverlappedResult(reader, ov.getPointer(), got, false)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_INCOMPLETE) {
        throw new IllegalStateException("ATR read failed: " + error);
      }
      SerialIo.INSTANCE.SleepEx(5, false);
    }
    return atr.getByteArray(0, got.getValue());
  }
}
