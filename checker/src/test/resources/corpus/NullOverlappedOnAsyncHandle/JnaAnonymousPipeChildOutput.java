package corpus.nulloverlappedonasynchandle;
// case: negative: process launcher reads a child's output from an anonymous pipe made with CreatePipe; anonymous pipe handles are always synchronous, so ReadFile with a null OVERLAPPED is right even though the class also uses FILE_FLAG_OVERLAPPED for its log file

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

public final class JnaAnonymousPipeChildOutput {
  private final HANDLE readSide;
  private final HANDLE writeSide;
  private final HANDLE logFile;

  public JnaAnonymousPipeChildOutput(String logPath) throws IOException {
    WinBase.SECURITY_ATTRIBUTES inherit = new WinBase.SECURITY_ATTRIBUTES();
    inherit.bInheritHandle = true;
    HANDLEByReference read = new HANDLEByReference();
    HANDLEByReference write = new HANDLEByReference();
    if (!Kernel32.INSTANCE.CreatePipe(read, write, inherit, 0)) {
      throw new IOException("CreatePipe failed: " + Native.getLastError());
    }
    readSide = read.getValue();
    writeSide = write.getValue();
    Kernel32.INSTANCE.SetHandleInformation(readSide, WinBase.HANDLE_FLAG_INHERIT, 0);
    logFile =
        Kernel32.INSTANCE.CreateFile(
            logPath, WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_ALWAYS,
            WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_OVERLAPPED, null);
  }

  /** The handle to give the child as its stdout and stderr. */
  public HANDLE childStdout() {
    return writeSide;
  }

  /** After the child started: drops the parent's copy of the write side and drains the output. */
  public byte[] drain() throws IOException {
    Kernel32.INSTANCE.CloseHandle(writeSide);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    IntByReference got = new IntByReference();
    while (true) {
      if (!Kernel32.INSTANCE.ReadFile(readSide, chunk, chunk.length, got, null)) {
        int error = Kernel32.INSTANCE.GetLastError();
        if (error == WinError.ERROR_BROKEN_PIPE) {
          break;
        }
        throw new IOException("read from child failed: " + error);
      }
      output.write(chunk, 0, got.getValue());
    }
    Kernel32.INSTANCE.CloseHandle(readSide);
    return output.toByteArray();
  }

  public HANDLE logFile() {
    return logFile;
  }
}
