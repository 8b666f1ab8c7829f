package corpus.freedbeforecompletionpacket;
// case: negative: JNA upload client keeps every request Memory in a map until the port delivers its packet; a TRUE WriteFile is only counted and the completion thread removes and closes the request

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

public final class JnaRequestsTrackedUntilDequeued implements AutoCloseable {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE target;
  private final HANDLE port;
  private final Map<Pointer, Memory> outstanding = new ConcurrentHashMap<>();
  private final AtomicLong acknowledged = new AtomicLong();
  private final Thread completionThread;
  private long offset;
  private long synchronousWrites;

  public JnaRequestsTrackedUntilDequeued(String path) {
    target =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_WRITE, 0, null, WinNT.CREATE_ALWAYS,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(target, null, Pointer.createConstant(1), 1);
    completionThread = new Thread(this::completions, "upload-completions");
    completionThread.start();
  }

  public synchronized void upload(byte[] block) {
    Memory request = new Memory(OVERLAPPED_SIZE + block.length);
    request.clear(OVERLAPPED_SIZE);
    request.setInt(16, (int) offset);
    request.setInt(20, (int) (offset >>> 32));
    request.write(OVERLAPPED_SIZE, block, 0, block.length);
    offset += block.length;
    outstanding.put(request, request);

    if (Io.INSTANCE.WriteFile(target, request.share(OVERLAPPED_SIZE), block.length, null, request)) {
      synchronousWrites++;
      return;
    }
    int error = Kernel32.INSTANCE.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      outstanding.remove(request);
      request.close();
      throw new IllegalStateException("upload failed: " + error);
    }
  }

  private void completions() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      boolean ok =
          Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer ov = overlapped.getValue();
      if (ov == null) {
        return;
      }
      Memory request = outstanding.remove(ov);
      if (request != null) {
        request.close();
      }
      if (ok) {
        acknowledged.addAndGet(bytes.getValue());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    while (!outstanding.isEmpty()) {
      Thread.sleep(1);
    }
    Kernel32.INSTANCE.CloseHandle(port);
    completionThread.join();
    Kernel32.INSTANCE.CloseHandle(target);
  }
}
