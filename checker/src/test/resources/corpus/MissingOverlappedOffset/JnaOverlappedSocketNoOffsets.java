package corpus.missingoverlappedoffset;
// case: negative: a line-protocol client creates its TCP socket with WSASocket(WSA_FLAG_OVERLAPPED) and uses the socket handle with ReadFile/WriteFile and one OVERLAPPED whose offset is never set; a socket is a byte stream, not a seeking device, so there is no position to pass

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaOverlappedSocketNoOffsets implements AutoCloseable {
  interface Winsock extends StdCallLibrary {
    Winsock INSTANCE = Native.load("ws2_32", Winsock.class);

    int AF_INET = 2;
    int SOCK_STREAM = 1;
    int IPPROTO_TCP = 6;
    int WSA_FLAG_OVERLAPPED = 0x01;

    int WSAStartup(short wVersionRequested, Pointer lpWSAData);

    Pointer WSASocketW(int af, int type, int protocol, Pointer lpProtocolInfo, int g, int dwFlags);

    int connect(Pointer s, byte[] name, int namelen);

    int closesocket(Pointer s);

    int WSAGetLastError();
  }

  interface StreamIo extends StdCallLibrary {
    StreamIo INSTANCE = Native.load("kernel32", StreamIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final Pointer socket;
  private final HANDLE stream;
  private final Memory io = new Memory(4096);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaOverlappedSocketNoOffsets(byte[] ipv4, int port) {
    if (Winsock.INSTANCE.WSAStartup((short) 0x0202, new Memory(512)) != 0) {
      throw new IllegalStateException("WSAStartup failed");
    }
    socket =
        Winsock.INSTANCE.WSASocketW(
            Winsock.AF_INET, Winsock.SOCK_STREAM, Winsock.IPPROTO_TCP, null, 0,
            Winsock.WSA_FLAG_OVERLAPPED);
    if (Pointer.nativeValue(socket) == -1L) {
      throw new IllegalStateException("socket failed: " + Winsock.INSTANCE.WSAGetLastError());
    }
    byte[] address = new byte[16];
    address[0] = (byte) Winsock.AF_INET;
    address[2] = (byte) (port >>> 8);
    address[3] = (byte) port;
    System.arraycopy(ipv4, 0, address, 4, 4);
    if (Winsock.INSTANCE.connect(socket, address, address.length) != 0) {
      int error = Winsock.INSTANCE.WSAGetLastError();
      Winsock.INSTANCE.closesocket(socket);
      throw new IllegalStateException("connect failed: " + error);
    }
    stream = new HANDLE(socket);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public String call(String request) {
    byte[] bytes = (request + "\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, (int) io.size());
    io.write(0, bytes, 0, length);
    transfer(true, length);
    int got = transfer(false, (int) io.size());
    return new String(io.getByteArray(0, got), StandardCharsets.UTF_8).trim();
  }

  private int transfer(boolean send, int length) {
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    boolean started =
        send
            ? StreamIo.INSTANCE.WriteFile(stream, io, length, null, ov.getPointer())
            : StreamIo.INSTANCE.ReadFile(stream, io, length, null, ov.getPointer());
    if (!started && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException((send ? "send" : "receive") + " failed: " + Native.getLastError());
    }
    IntByReference count = new IntByReference();
    if (!StreamIo.INSTANCE.GetOverlappedResult(stream, ov.getPointer(), count, true)) {
      throw new IllegalStateException((send ? "send" : "receive") + " failed: " + Native.getLastError());
    }
    return count.getValue();
  }

  @Override
  public void close() {
    Winsock.INSTANCE.closesocket(socket);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
