package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

final class MissingOverlappedOffsetTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(MissingOverlappedOffset.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void positionFieldAdvancedAfterEachWrite() {
    helper
        .addSourceLines(
            "AdvancingJournal.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class AdvancingJournal {
              private final Kernel32 k32;
              private final HANDLE file;
              private final OVERLAPPED ov;
              private long end;

              AdvancingJournal(Kernel32 k32, String path, long existingLength) {
                this.k32 = k32;
                this.file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
                this.end = existingLength;
              }

              void append(Memory record, int n) {
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                if (!k32.WriteFile(file, record, n, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("append failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                end += n;
              }
            }
            """)
        .doTest();
  }

  @Test
  void finalPositionFieldIsAFixedPlace() {
    helper
        .addSourceLines(
            "HeaderStore.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class HeaderStore {
              private final Kernel32 k32;
              private final HANDLE file;
              private final OVERLAPPED ov;
              private final long end;

              HeaderStore(Kernel32 k32, String path, long existingLength) {
                this.k32 = k32;
                this.file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
                this.end = existingLength;
              }

              /** Rewrites the header in place: a final position is fixed on purpose. */
              void append(Memory record, int n) {
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                if (!k32.WriteFile(file, record, n, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("append failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void positionFieldSetByAnotherMethod() {
    helper
        .addSourceLines(
            "SeekingJournal.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SeekingJournal {
              private final Kernel32 k32;
              private final HANDLE file;
              private final OVERLAPPED ov;
              private long end;

              SeekingJournal(Kernel32 k32, String path, long existingLength) {
                this.k32 = k32;
                this.file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
                this.end = existingLength;
              }

              void append(Memory record, int n) {
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                if (!k32.WriteFile(file, record, n, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("append failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
              }

              void seek(long position) {
                end = position;
              }
            }
            """)
        .doTest();
  }

  @Test
  void rawOverlappedWithOnlyItsEventSetIsNotPositioned() {
    helper
        .addSourceLines(
            "PtyReader.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.io.OutputStream;

            final class PtyReader {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, Pointer ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              /** A raw OVERLAPPED whose only field set is hEvent (offset 24): a pipe needs no position. */
              static void drain(String pipeName, OutputStream sink) throws java.io.IOException {
                HANDLE output =
                    Kernel32.INSTANCE.CreateFile(
                        pipeName,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                Memory buffer = new Memory(4096);
                Memory overlapped = new Memory(32);
                overlapped.clear();
                overlapped.setPointer(24, Kernel32.INSTANCE.CreateEvent(null, true, false, null).getPointer());
                IntByReference got = new IntByReference();
                while (true) {
                  if (!Io.INSTANCE.ReadFile(output, buffer, 4096, null, overlapped)
                      && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  if (!Io.INSTANCE.GetOverlappedResult(output, overlapped, got, true)) {
                    return;
                  }
                  sink.write(buffer.getByteArray(0, got.getValue()));
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void setFilePointerExOnSynchronousHandleIsFine() {
    helper
        .addSourceLines(
            "RecordFile.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.ptr.LongByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.util.Arrays;

            final class RecordFile {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);
                int FILE_BEGIN = 0;

                boolean SetFilePointerEx(HANDLE h, long distance, LongByReference newPosition, int method);
              }

              private static final int RECORD = 128;
              private final HANDLE file;

              RecordFile(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_ALWAYS,
                        WinNT.FILE_ATTRIBUTE_NORMAL,
                        null);
              }

              byte[] record(long index) {
                if (!Win32.INSTANCE.SetFilePointerEx(file, index * RECORD, null, Win32.FILE_BEGIN)) {
                  throw new Win32Exception(Native.getLastError());
                }
                byte[] data = new byte[RECORD];
                IntByReference read = new IntByReference();
                if (!Kernel32.INSTANCE.ReadFile(file, data, RECORD, read, null)) {
                  throw new Win32Exception(Native.getLastError());
                }
                byte[] next = new byte[RECORD]; // the file pointer moved on by itself
                Kernel32.INSTANCE.ReadFile(file, next, RECORD, read, null);
                return Arrays.copyOf(data, read.getValue());
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void comPortWithoutOffsetsIsFine() {
    helper
        .addSourceLines(
            "GpsReceiver.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class GpsReceiver {
              static void pump(Kernel32 k32, Consumer<byte[]> sentences, int count) {
                HANDLE com =
                    k32.CreateFile(
                        "COM4",
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                Memory line = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 82);
                OVERLAPPED ov = new OVERLAPPED(k32); // a serial port has no position
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                for (int i = 0; i < count; i++) {
                  if (!k32.ReadFile(com, line, 82, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  IntByReference got = new IntByReference();
                  k32.GetOverlappedResult(com, ov, got, true);
                  sentences.accept(line.getByteArray(0, got.getValue()));
                }
                k32.LocalFree(line);
                k32.CloseHandle(com);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void namedPipeWithoutOffsetsIsFine() {
    helper
        .addSourceLines(
            "PipeClient.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class PipeClient {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private final HANDLE pipe;

              PipeClient() {
                pipe =
                    Kernel32.INSTANCE.CreateFile(
                        "\\\\\\\\.\\\\pipe\\\\jobs",
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              void submit(byte[] job) {
                try (Memory buffer = new Memory(job.length)) {
                  buffer.write(0, job, 0, job.length);
                  WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED(); // a pipe has no position
                  ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                  if (!Win32.INSTANCE.WriteFile(pipe, buffer, job.length, null, ov)
                      && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                    throw new Win32Exception(Native.getLastError());
                  }
                  Win32.INSTANCE.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                  Kernel32.INSTANCE.CloseHandle(ov.hEvent);
                }
              }
            }
            """)
        .addSourceLines(
            "PipeServer.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PipeServer {
              static void serve(Kernel32 k32, Memory request, int messages) {
                HANDLE pipe =
                    k32.CreateNamedPipe(
                        "\\\\\\\\.\\\\pipe\\\\jobs",
                        WinBase.PIPE_ACCESS_INBOUND | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        4096,
                        4096,
                        0,
                        null);
                for (int i = 0; i < messages; i++) {
                  OVERLAPPED ov = new OVERLAPPED(k32);
                  ov.hEvent = k32.CreateEvent(null, true, false, null);
                  if (!k32.ReadFile(pipe, request, 4096, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                  k32.CloseHandle(ov.hEvent);
                }
                k32.CloseHandle(pipe);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void hidDeviceWithoutOffsetsIsFine() {
    helper
        .addSourceLines(
            "HidReports.java",
            """
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

            final class HidReports {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              /** devicePath comes from SetupDiGetDeviceInterfaceDetail: \\\\?\\hid#vid_...#{guid}. */
              static int countReports(String devicePath, int reports) {
                HANDLE device =
                    Kernel32.INSTANCE.CreateFile(
                        devicePath,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                int total = 0;
                try (Memory report = new Memory(65)) {
                  WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                  ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                  for (int i = 0; i < reports; i++) {
                    if (!Win32.INSTANCE.ReadFile(device, report, 65, null, ov)
                        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                      break;
                    }
                    IntByReference got = new IntByReference();
                    Win32.INSTANCE.GetOverlappedResult(device, ov.getPointer(), got, true);
                    total += got.getValue();
                  }
                }
                Kernel32.INSTANCE.CloseHandle(device);
                return total;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void singleReadAtOffsetZeroOfHandleOpenedInSameMethodIsFine() {
    helper
        .addSourceLines(
            "HeaderProbe.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class HeaderProbe {
              static int magic(Kernel32 k32) {
                HANDLE file =
                    k32.CreateFile(
                        "C:\\\\data\\\\archive.bin",
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                Memory header = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 16);
                OVERLAPPED ov = new OVERLAPPED(k32); // offset 0: the header
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                int magic = -1;
                if (k32.ReadFile(file, header, 16, null, ov)
                    || k32.GetLastError() == WinError.ERROR_IO_PENDING) {
                  if (k32.GetOverlappedResult(file, ov, new IntByReference(), true)) {
                    magic = header.getInt(0);
                  }
                }
                k32.LocalFree(header);
                k32.CloseHandle(ov.hEvent);
                k32.CloseHandle(file);
                return magic;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void offsetsSetAndAdvancedForEachChunkAreFine() {
    helper
        .addSourceLines(
            "Downloader.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.util.List;

            final class Downloader {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              static void save(String path, List<byte[]> chunks) {
                HANDLE file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.CREATE_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                long position = 0;
                for (byte[] chunk : chunks) {
                  try (Memory buffer = new Memory(chunk.length)) {
                    buffer.write(0, chunk, 0, chunk.length);
                    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                    ov.Offset = (int) position;
                    ov.OffsetHigh = (int) (position >>> 32);
                    if (!Win32.INSTANCE.WriteFile(file, buffer, chunk.length, null, ov)
                        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                      throw new Win32Exception(Native.getLastError());
                    }
                    IntByReference written = new IntByReference();
                    Win32.INSTANCE.GetOverlappedResult(file, ov.getPointer(), written, true);
                    position += written.getValue();
                  }
                }
                Kernel32.INSTANCE.CloseHandle(file);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void sameOverlappedReusedWithOffsetAdvancedIsFine() {
    helper
        .addSourceLines(
            "Scanner.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Scanner {
              static long checksum(Kernel32 k32, String path) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                Memory block = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 4096);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                long position = 0;
                long sum = 0;
                while (true) {
                  ov.Offset = (int) position;
                  ov.OffsetHigh = (int) (position >>> 32);
                  if (!k32.ReadFile(file, block, 4096, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  IntByReference got = new IntByReference();
                  if (!k32.GetOverlappedResult(file, ov, got, true) || got.getValue() == 0) {
                    break;
                  }
                  for (int i = 0; i < got.getValue(); i++) {
                    sum += block.getByte(i);
                  }
                  position += got.getValue();
                }
                k32.LocalFree(block);
                k32.CloseHandle(file);
                return sum;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void appendAtEndOfFileWithAllOnesOffsetIsFine() {
    helper
        .addSourceLines(
            "AuditTrail.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class AuditTrail {
              private final Kernel32 k32;
              private final HANDLE file;

              AuditTrail(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              void append(Memory entry, int length) {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.Offset = 0xFFFFFFFF; // both halves all ones: write at the end of the file
                ov.OffsetHigh = 0xFFFFFFFF;
                if (!k32.WriteFile(file, entry, length, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("append failed");
                }
                k32.GetOverlappedResult(file, ov, new IntByReference(), true);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void offsetSetByHelperIsFine() {
    helper
        .addSourceLines(
            "Index.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Index {
              private static final int PAGE = 512;
              private final Kernel32 k32;
              private final HANDLE file;

              Index(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int readPages(Memory into, long first, int count) {
                int total = 0;
                for (int i = 0; i < count; i++) {
                  OVERLAPPED ov = new OVERLAPPED(k32);
                  at(ov, (first + i) * PAGE);
                  if (!k32.ReadFile(file, into.share((long) i * PAGE), PAGE, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  IntByReference got = new IntByReference();
                  k32.GetOverlappedResult(file, ov, got, true);
                  total += got.getValue();
                }
                return total;
              }

              private static void at(OVERLAPPED ov, long position) {
                ov.Offset = (int) position;
                ov.OffsetHigh = (int) (position >>> 32);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void offsetWrittenIntoRawOverlappedMemoryIsFine() {
    helper
        .addSourceLines(
            "Spool.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.util.HashMap;
            import java.util.Map;

            final class Spool {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE file;
              private final Map<Long, Memory> inFlight = new HashMap<>();
              private long end;

              Spool(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.CREATE_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              void add(byte[] record) {
                Memory request = new Memory(OVERLAPPED_SIZE + record.length);
                request.clear(OVERLAPPED_SIZE);
                request.setInt(16, (int) end); // OVERLAPPED.Offset
                request.setInt(20, (int) (end >>> 32)); // OVERLAPPED.OffsetHigh
                request.write(OVERLAPPED_SIZE, record, 0, record.length);
                end += record.length;
                if (!Win32.INSTANCE.WriteFile(
                        file, request.share(OVERLAPPED_SIZE), record.length, null, request)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("spool write failed");
                }
                inFlight.put(Pointer.nativeValue(request), request);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void headerReadThroughHandleFieldAtOffsetZeroIsFine() {
    helper
        .addSourceLines(
            "Container.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Container {
              private final Kernel32 k32;
              private final HANDLE file;

              Container(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              /** The header is the first 16 bytes, whoever asks and however often. */
              int version(Memory header) {
                OVERLAPPED ov = new OVERLAPPED(k32); // offset 0 on purpose
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(file, header, 16, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                k32.GetOverlappedResult(file, ov, new IntByReference(), true);
                k32.CloseHandle(ov.hEvent);
                return header.getInt(4);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void codeTheAnalysisCannotModelCompilesWithoutFindings() {
    helper
        .addSourceLines(
            "Unusual.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.LongFunction;

            final class Unusual {
              record Range(long start, int length) {}

              private final Kernel32 k32;
              private final HANDLE file;
              private long lastStart;

              Unusual(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int read(Range[] ranges, Memory into) {
                LongFunction<OVERLAPPED> at =
                    position -> {
                      OVERLAPPED ov = new OVERLAPPED(k32);
                      ov.Offset = (int) position;
                      ov.OffsetHigh = (int) (position >>> 32);
                      return ov;
                    };
                class Totals {
                  int bytes;
                  int failures;
                  int attempts;
                }
                Totals totals = new Totals();
                ranges:
                for (Range range : ranges) {
                  OVERLAPPED ov = at.apply(range.start());
                  Runnable cancel = () -> k32.CancelIoEx(file, ov);
                  try {
                    try {
                      boolean done = k32.ReadFile(file, into, range.length(), null, ov);
                      int error = done ? WinError.ERROR_SUCCESS : k32.GetLastError();
                      int got =
                          switch (error) {
                            case WinError.ERROR_SUCCESS, WinError.ERROR_IO_PENDING -> {
                              IntByReference n = new IntByReference();
                              k32.GetOverlappedResult(file, ov, n, true);
                              yield n.getValue();
                            }
                            case WinError.ERROR_HANDLE_EOF -> -1;
                            default -> throw new IllegalStateException("read: " + error);
                          };
                      if (got < 0) {
                        break ranges;
                      }
                      totals.bytes += got;
                    } catch (IllegalStateException e) {
                      totals.failures++;
                      continue ranges;
                    } finally {
                      totals.attempts++;
                    }
                  } catch (RuntimeException e) {
                    cancel.run();
                    throw e;
                  } finally {
                    lastStart = range.start();
                  }
                }
                return totals.bytes;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Bugs

  @Test
  void appendsThroughHandleFieldWithOffsetNeverSet() {
    helper
        .addSourceLines(
            "AuditLog.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.nio.charset.StandardCharsets;

            final class AuditLog {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private final HANDLE file;
              private final HANDLE recordWritten;

              AuditLog(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.CREATE_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                recordWritten = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
              }

              void append(String record) {
                byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
                try (Memory buffer = new Memory(bytes.length)) {
                  buffer.write(0, bytes, 0, bytes.length);
                  WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                  ov.hEvent = recordWritten;
                  // BUG: Diagnostic contains: of OVERLAPPED 'ov' are never set
                  if (!Win32.INSTANCE.WriteFile(file, buffer, bytes.length, null, ov)) {
                    int error = Native.getLastError();
                    if (error != WinError.ERROR_IO_PENDING) {
                      throw new Win32Exception(error);
                    }
                  }
                  IntByReference written = new IntByReference();
                  if (!Win32.INSTANCE.GetOverlappedResult(file, ov.getPointer(), written, true)) {
                    throw new Win32Exception(Native.getLastError());
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void freshOverlappedPerChunkWithOffsetNeverSet() {
    helper
        .addSourceLines(
            "ChunkReader.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.ByteArrayOutputStream;

            final class ChunkReader {
              static byte[] readAll(Kernel32 k32) {
                HANDLE file =
                    k32.CreateFile(
                        "C:\\\\data\\\\export.csv",
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                Memory chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 4096);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (true) {
                  OVERLAPPED ov = new OVERLAPPED(k32);
                  ov.hEvent = k32.CreateEvent(null, true, false, null);
                  // BUG: Diagnostic contains: of OVERLAPPED 'ov' are never set
                  if (!k32.ReadFile(file, chunk, 4096, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  IntByReference got = new IntByReference();
                  if (!k32.GetOverlappedResult(file, ov, got, true) || got.getValue() == 0) {
                    break;
                  }
                  all.write(chunk.getByteArray(0, got.getValue()), 0, got.getValue());
                }
                k32.LocalFree(chunk);
                k32.CloseHandle(file);
                return all.toByteArray();
              }
            }
            """)
        .doTest();
  }

  @Test
  void overlappedReusedInLoopWithoutAdvancingOffset() {
    helper
        .addSourceLines(
            "Checksum.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Checksum {
              static long of(Kernel32 k32, String path, long start) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                Memory block = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 4096);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.Offset = (int) start;
                ov.OffsetHigh = (int) (start >>> 32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                long sum = 0;
                while (true) {
                  // BUG: Diagnostic contains: is used again for ReadFile without moving its Offset
                  if (!k32.ReadFile(file, block, 4096, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  IntByReference got = new IntByReference();
                  if (!k32.GetOverlappedResult(file, ov, got, true) || got.getValue() == 0) {
                    break;
                  }
                  sum += block.getByte(0);
                }
                k32.LocalFree(block);
                k32.CloseHandle(file);
                return sum;
              }
            }
            """)
        .doTest();
  }

  @Test
  void secondReadAfterHeaderWithOffsetNeverSet() {
    helper
        .addSourceLines(
            "Segment.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Segment {
              static Memory load(Kernel32 k32, Memory header) {
                HANDLE file =
                    k32.CreateFile(
                        "D:\\\\journal\\\\segment-0001.log",
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED headerRead = new OVERLAPPED(k32); // offset 0: fine for the header
                if (!k32.ReadFile(file, header, 64, null, headerRead)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return null;
                }
                k32.GetOverlappedResult(file, headerRead, new IntByReference(), true);
                int bodyLength = header.getInt(8);
                Memory body = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, bodyLength);
                OVERLAPPED bodyRead = new OVERLAPPED(k32); // should start at 64
                // BUG: Diagnostic contains: of OVERLAPPED 'bodyRead' are never set
                if (!k32.ReadFile(file, body, bodyLength, null, bodyRead)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return null;
                }
                k32.GetOverlappedResult(file, bodyRead, new IntByReference(), true);
                k32.CloseHandle(file);
                return body;
              }
            }
            """)
        .doTest();
  }

  @Test
  void readFileExInLoopWithOffsetNeverSet() {
    helper
        .addSourceLines(
            "Tail.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class Tail {
              static int[] blockSizes(Kernel32 k32, Memory block, int blocks) {
                HANDLE file =
                    k32.CreateFile(
                        "C:\\\\logs\\\\app.log",
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                int[] sizes = new int[blocks];
                for (int i = 0; i < blocks; i++) {
                  int index = i;
                  OVERLAPPED ov = new OVERLAPPED(k32);
                  // BUG: Diagnostic contains: of OVERLAPPED 'ov' are never set
                  if (!k32.ReadFileEx(file, block, 4096, ov, (error, n, o) -> sizes[index] = n)) {
                    break;
                  }
                  k32.SleepEx(WinBase.INFINITE, true);
                }
                k32.CloseHandle(file);
                return sizes;
              }
            }
            """)
        .doTest();
  }

  @Test
  void setFilePointerExOnAsyncHandle() {
    helper
        .addSourceLines(
            "SeekingReader.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.ptr.LongByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class SeekingReader {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);
                int FILE_BEGIN = 0;

                boolean SetFilePointerEx(HANDLE h, long distance, LongByReference newPosition, int method);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private final HANDLE file;

              SeekingReader(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              byte[] readAt(long position, int length) {
                // BUG: Diagnostic contains: SetFilePointerEx on asynchronous handle 'file'
                if (!Win32.INSTANCE.SetFilePointerEx(file, position, null, Win32.FILE_BEGIN)) {
                  throw new Win32Exception(Native.getLastError());
                }
                try (Memory buffer = new Memory(length)) {
                  WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                  ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                  if (!Win32.INSTANCE.ReadFile(file, buffer, length, null, ov)
                      && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                    throw new Win32Exception(Native.getLastError());
                  }
                  IntByReference got = new IntByReference();
                  Win32.INSTANCE.GetOverlappedResult(file, ov.getPointer(), got, true);
                  Kernel32.INSTANCE.CloseHandle(ov.hEvent);
                  return buffer.getByteArray(0, got.getValue());
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void setFilePointerExOnAsyncHandleOnTheRuntime() {
    helper
        .addSourceLines(
            "Seeker.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Seeker {
              static int readTrailer(Kernel32 k32, String path, long size, Memory trailer) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                // BUG: Diagnostic contains: SetFilePointerEx on asynchronous handle 'file'
                k32.SetFilePointerEx(file, size - 32, null, WinBase.FILE_BEGIN);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(file, trailer, 32, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(file, ov, got, true);
                k32.CloseHandle(file);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void offsetHighDroppedFromLongPosition() {
    helper
        .addSourceLines(
            "LargeIndex.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class LargeIndex {
              private static final int ENTRY = 64;
              private final Kernel32 k32;
              private final HANDLE file;

              LargeIndex(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int entry(long index, Memory into) {
                long position = index * ENTRY;
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.Offset = (int) position; // no OffsetHigh: wraps at 4 GiB
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                // BUG: Diagnostic contains: is set from a 64-bit position cut to 32 bits
                if (!k32.ReadFile(file, into, ENTRY, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(file, ov, got, true);
                k32.CloseHandle(ov.hEvent);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void offsetHighDroppedWithJna() {
    helper
        .addSourceLines(
            "RecordStore.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class RecordStore {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private final HANDLE file;

              RecordStore(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              void put(long slot, byte[] record) {
                try (Memory buffer = new Memory(record.length)) {
                  buffer.write(0, record, 0, record.length);
                  WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                  ov.Offset = (int) (slot * record.length);
                  // BUG: Diagnostic contains: cut to 32 bits
                  if (!Win32.INSTANCE.WriteFile(file, buffer, record.length, null, ov)
                      && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                    throw new Win32Exception(Native.getLastError());
                  }
                  Win32.INSTANCE.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), true);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void overlappedFieldReusedInLoopWithoutAdvancingOffset() {
    helper
        .addSourceLines(
            "Tailer.java",
            """
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
            import java.util.function.Consumer;

            final class Tailer {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference n, boolean wait);
              }

              private final HANDLE file;
              private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
              private final Memory block = new Memory(4096);

              Tailer(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE,
                        null,
                        WinNT.OPEN_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
              }

              void drain(Consumer<byte[]> sink) {
                while (true) {
                  // BUG: Diagnostic contains: is used again for ReadFile without moving its Offset
                  if (!Win32.INSTANCE.ReadFile(file, block, 4096, null, ov)
                      && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  IntByReference got = new IntByReference();
                  if (!Win32.INSTANCE.GetOverlappedResult(file, ov, got, true) || got.getValue() == 0) {
                    return;
                  }
                  sink.accept(block.getByteArray(0, got.getValue()));
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  @Disabled(
      "analysis: any assignment to Offset counts as setting the position; a position variable that"
          + " never changes between the loop's writes is not noticed")
  void positionNeverAdvancedBetweenWritesInLoop() {
    helper
        .addSourceLines(
            "Exporter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.List;

            final class Exporter {
              static void export(Kernel32 k32, String path, List<Memory> rows, int rowLength) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                long position = 0;
                for (Memory row : rows) {
                  OVERLAPPED ov = new OVERLAPPED(k32);
                  ov.Offset = (int) position; // 'position' is never advanced
                  ov.OffsetHigh = (int) (position >>> 32);
                  ov.hEvent = k32.CreateEvent(null, true, false, null);
                  // BUG: Diagnostic contains: Offset
                  if (!k32.WriteFile(file, row, rowLength, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    break;
                  }
                  k32.GetOverlappedResult(file, ov, new IntByReference(), true);
                  k32.CloseHandle(ov.hEvent);
                }
                k32.CloseHandle(file);
              }
            }
            """)
        .doTest();
  }

  @Test
  void autoSynchOffDoesNotCountAsSettingTheOffset() {
    helper
        .addSourceLines(
            "AppendLog.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class AppendLog {
              void writeTwice(Kernel32 k32, Memory record) {
                HANDLE file =
                    k32.CreateFile(
                        "C:\\\\logs\\\\app.log",
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED first = new OVERLAPPED(k32);
                k32.WriteFile(file, record, 16, null, first);
                k32.GetOverlappedResult(file, first.getPointer(), null, true);
                OVERLAPPED second = new OVERLAPPED(k32);
                second.setAutoSynch(false);
                // BUG: Diagnostic contains: are never set
                k32.WriteFile(file, record, 16, null, second.getPointer());
                k32.GetOverlappedResult(file, second.getPointer(), null, true);
              }
            }
            """)
        .doTest();
  }

  @Test
  void zeroOffsetHighWithA64BitPosition() {
    helper
        .addSourceLines(
            "ImageWriter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ImageWriter {
              /** OffsetHigh set to zero is no upper half: images past 4 GiB wrap around. */
              static void writeAt(Kernel32 k32, String path, Memory block, int n, long position) {
                HANDLE image =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.Offset = (int) position;
                ov.OffsetHigh = 0;
                // BUG: Diagnostic contains: cut to 32 bits
                if (!k32.WriteFile(image, block, n, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("write failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                k32.CloseHandle(image);
              }
            }
            """)
        .doTest();
  }

  @Test
  void positionFieldOnlyTheConstructorSets() {
    helper
        .addSourceLines(
            "Journal.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Journal {
              private final Kernel32 k32;
              private final HANDLE file;
              private final OVERLAPPED ov;
              private long end;

              Journal(Kernel32 k32, String path, long existingLength) {
                this.k32 = k32;
                this.file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
                this.end = existingLength;
              }

              void append(Memory record, int n) {
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                // BUG: Diagnostic contains: comes from field 'end', which only the constructor sets
                if (!k32.WriteFile(file, record, n, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("append failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }
}
