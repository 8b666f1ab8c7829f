package io.github.overlapcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generated code that does overlapped I/O through JNA, in the shapes the rules look at: reads and
 * writes on handles opened with FILE_FLAG_OVERLAPPED and bound to a completion port, buffers and
 * OVERLAPPEDs from LocalAlloc and Memory, ERROR_IO_PENDING checks, waits on events and on the
 * handle, GetOverlappedResult, CancelIoEx, frees and closes, loops and try/finally, same-class
 * helpers. About half the templates are correct code, the others hold one of the bugs the rules
 * report. Deterministic: the same arguments give the same files.
 */
final class Synthetic {
  private Synthetic() {}

  /** The dense corpus: {@value #CLASSES} classes of {@value #METHODS_PER_CLASS} methods. */
  static final int CLASSES = 250;

  static final int METHODS_PER_CLASS = 16;

  private static final String PACKAGE = "synthetic.dense";

  /** Writes the dense corpus under {@code dir} unless it is there; returns {@code dir}. */
  static Path ensureDense(Path dir) {
    Path marker = dir.resolve(".complete");
    if (Files.exists(marker)) {
      return dir;
    }
    try {
      Path pkg = dir.resolve(PACKAGE.replace('.', '/'));
      Files.createDirectories(pkg);
      for (int c = 0; c < CLASSES; c++) {
        String name = String.format(Locale.ROOT, "Dense%03d", c);
        Files.writeString(pkg.resolve(name + ".java"), denseClass(name, c));
      }
      Files.writeString(marker, "");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The common head of every generated class: imports, a JNA interface, handles. */
  static String head(String pkg, String name) {
    return "package "
        + pkg
        + ";\n\n"
        + "import com.sun.jna.Memory;\n"
        + "import com.sun.jna.Native;\n"
        + "import com.sun.jna.Pointer;\n"
        + "import com.sun.jna.platform.win32.Kernel32;\n"
        + "import com.sun.jna.platform.win32.WinBase;\n"
        + "import com.sun.jna.platform.win32.WinError;\n"
        + "import com.sun.jna.platform.win32.WinNT;\n"
        + "import com.sun.jna.platform.win32.WinNT.HANDLE;\n"
        + "import com.sun.jna.ptr.IntByReference;\n"
        + "import com.sun.jna.win32.StdCallLibrary;\n\n"
        + "public final class "
        + name
        + " {\n"
        + "  interface Io extends StdCallLibrary {\n"
        + "    Io INSTANCE = Native.load(\"kernel32\", Io.class);\n\n"
        + "    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read,"
        + " Pointer overlapped);\n\n"
        + "    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written,"
        + " Pointer overlapped);\n\n"
        + "    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference"
        + " transferred, boolean wait);\n\n"
        + "    boolean CancelIoEx(HANDLE h, Pointer overlapped);\n"
        + "  }\n\n"
        + "  private static final int OV = 32;\n"
        + "  private final Kernel32 k = Kernel32.INSTANCE;\n"
        + "  private final HANDLE file;\n"
        + "  private final HANDLE pipe;\n"
        + "  private final HANDLE port;\n"
        + "  private final HANDLE event;\n"
        + "  private long offset;\n\n"
        + "  public "
        + name
        + "(String path, String pipeName) {\n"
        + "    file = k.CreateFile(path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,"
        + " WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);\n"
        + "    pipe = k.CreateFile(pipeName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,"
        + " WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);\n"
        + "    port = k.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);\n"
        + "    event = k.CreateEvent(null, true, false, null);\n"
        + "  }\n\n";
  }

  private static String denseClass(String name, int c) {
    StringBuilder s = new StringBuilder(head(PACKAGE, name));
    s.append(HELPER);
    for (int m = 0; m < METHODS_PER_CLASS; m++) {
      int i = c * METHODS_PER_CLASS + m;
      s.append(TEMPLATES[i % TEMPLATES.length].replace("$", Integer.toString(m))).append('\n');
    }
    return s.append("}\n").toString();
  }

  static int templates() {
    return TEMPLATES.length;
  }

  /** A same-class helper that issues a read (the analysis inlines such helpers at their calls). */
  private static final String HELPER =
      """
        private boolean issue(Pointer request, int length) {
          return Io.INSTANCE.ReadFile(pipe, request.share(OV), length, null, request);
        }

      """;

  /** Method templates; {@code $} becomes the method's number. */
  private static final String[] TEMPLATES = {
    // The buffer is freed on the TRUE path of a read on a port-bound handle (a bug).
    """
      public int m$(int length) {
        Pointer request = k.LocalAlloc(WinBase.LMEM_ZEROINIT, OV + length);
        if (Io.INSTANCE.ReadFile(pipe, request.share(OV), length, null, request)) {
          k.LocalFree(request);
          return length;
        }
        int error = k.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          k.LocalFree(request);
          throw new IllegalStateException("read failed: " + error);
        }
        return 0;
      }
    """,
    // Event in the OVERLAPPED, pending checked, result taken with GetOverlappedResult (correct).
    """
      public int m$(int length) {
        Memory buffer = new Memory(length);
        Memory ov = new Memory(OV);
        ov.clear();
        ov.setLong(8, offset);
        ov.setPointer(24, event.getPointer());
        IntByReference got = new IntByReference();
        try {
          if (!Io.INSTANCE.ReadFile(file, buffer, length, null, ov)) {
            int error = k.GetLastError();
            if (error != WinError.ERROR_IO_PENDING) {
              throw new IllegalStateException("read failed: " + error);
            }
          }
          if (!Io.INSTANCE.GetOverlappedResult(file, ov, got, true)) {
            throw new IllegalStateException("read failed: " + k.GetLastError());
          }
          offset += got.getValue();
          return got.getValue();
        } finally {
          buffer.close();
          ov.close();
        }
      }
    """,
    // A local OVERLAPPED that goes away while the read may be pending (a bug).
    """
      public boolean m$(int length) {
        Memory buffer = new Memory(length);
        Memory ov = new Memory(OV);
        ov.clear();
        ov.setLong(8, offset);
        boolean done = Io.INSTANCE.ReadFile(file, buffer, length, null, ov);
        if (!done && k.GetLastError() != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("read failed");
        }
        return done;
      }
    """,
    // Two reads outstanding, then a wait on the file handle itself (a bug).
    """
      public int m$(int length) {
        Memory first = new Memory(OV + length);
        Memory second = new Memory(OV + length);
        first.clear(OV);
        second.clear(OV);
        first.setLong(8, offset);
        second.setLong(8, offset + length);
        Io.INSTANCE.ReadFile(file, first.share(OV), length, null, first);
        Io.INSTANCE.ReadFile(file, second.share(OV), length, null, second);
        k.WaitForSingleObject(file, WinBase.INFINITE);
        IntByReference got = new IntByReference();
        Io.INSTANCE.GetOverlappedResult(file, first, got, true);
        int total = got.getValue();
        Io.INSTANCE.GetOverlappedResult(file, second, got, true);
        total += got.getValue();
        first.close();
        second.close();
        return total;
      }
    """,
    // A read loop whose OVERLAPPED offset is never set (a bug), with a retry count.
    """
      public long m$(int length, int blocks) {
        Memory buffer = new Memory(length);
        Memory ov = new Memory(OV);
        ov.clear();
        ov.setPointer(24, event.getPointer());
        IntByReference got = new IntByReference();
        long total = 0;
        for (int b = 0; b < blocks; b++) {
          k.ResetEvent(event);
          if (!Io.INSTANCE.ReadFile(file, buffer, length, null, ov)) {
            int error = k.GetLastError();
            if (error == WinError.ERROR_HANDLE_EOF) {
              break;
            }
            if (error != WinError.ERROR_IO_PENDING) {
              throw new IllegalStateException("read failed: " + error);
            }
          }
          Io.INSTANCE.GetOverlappedResult(file, ov, got, true);
          total += got.getValue();
        }
        buffer.close();
        ov.close();
        return total;
      }
    """,
    // A read with no OVERLAPPED on an asynchronous handle (a bug).
    """
      public int m$(int length) {
        Memory buffer = new Memory(length);
        IntByReference got = new IntByReference();
        try {
          if (!Io.INSTANCE.ReadFile(pipe, buffer, length, got, null)) {
            throw new IllegalStateException("read failed: " + k.GetLastError());
          }
          return got.getValue();
        } finally {
          buffer.close();
        }
      }
    """,
    // Cancel, wait for the aborted completion, then free (correct).
    """
      public void m$(int length, boolean stop) {
        Pointer request = k.LocalAlloc(WinBase.LMEM_ZEROINIT, OV + length);
        request.setPointer(24, event.getPointer());
        if (!Io.INSTANCE.ReadFile(file, request.share(OV), length, null, request)) {
          int error = k.GetLastError();
          if (error != WinError.ERROR_IO_PENDING) {
            k.LocalFree(request);
            return;
          }
          if (stop) {
            Io.INSTANCE.CancelIoEx(file, request);
          }
          IntByReference got = new IntByReference();
          Io.INSTANCE.GetOverlappedResult(file, request, got, true);
        }
        k.LocalFree(request);
      }
    """,
    // The handle closed while a write may be pending (a bug).
    """
      public void m$(byte[] data) {
        Memory buffer = new Memory(data.length);
        buffer.write(0, data, 0, data.length);
        Memory ov = new Memory(OV);
        ov.clear();
        ov.setLong(8, offset);
        offset += data.length;
        if (!Io.INSTANCE.WriteFile(file, buffer, data.length, null, ov)) {
          if (k.GetLastError() != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("write failed");
          }
        }
        k.CloseHandle(file);
      }
    """,
    // Through the helper, each packet dequeued before the free (correct).
    """
      public int m$(int length, int rounds) {
        int total = 0;
        for (int r = 0; r < rounds; r++) {
          Pointer request = k.LocalAlloc(WinBase.LMEM_ZEROINIT, OV + length);
          if (!issue(request, length) && k.GetLastError() != WinError.ERROR_IO_PENDING) {
            k.LocalFree(request);
            continue;
          }
          IntByReference bytes = new IntByReference();
          com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference key =
              new com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference();
          com.sun.jna.ptr.PointerByReference done = new com.sun.jna.ptr.PointerByReference();
          k.GetQueuedCompletionStatus(port, bytes, key, done, WinBase.INFINITE);
          total += bytes.getValue();
          k.LocalFree(request);
        }
        return total;
      }
    """,
    // Pending treated as failure, and a switch over the error (a bug).
    """
      public int m$(int length, int mode) {
        Memory buffer = new Memory(length);
        Memory ov = new Memory(OV);
        ov.clear();
        ov.setLong(8, offset);
        ov.setPointer(24, event.getPointer());
        switch (mode) {
          case 0:
            if (!Io.INSTANCE.ReadFile(file, buffer, length, null, ov)) {
              return -1;
            }
            break;
          case 1:
            if (!Io.INSTANCE.WriteFile(file, buffer, length, null, ov)) {
              return -1;
            }
            break;
          default:
            return 0;
        }
        k.WaitForSingleObject(event, WinBase.INFINITE);
        IntByReference got = new IntByReference();
        Io.INSTANCE.GetOverlappedResult(file, ov, got, false);
        buffer.close();
        ov.close();
        return got.getValue();
      }
    """,
  };
}
