package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * StaleOverlappedWriteBack beyond a runtime OVERLAPPED used within one method: which Structure
 * classes write back, and operations the class's other methods leave pending.
 */
final class StaleOverlappedWriteBackClassesTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(StaleOverlappedWriteBack.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Classes of OVERLAPPED: a subclass keeps the automatic write unless its own code turns it off

  @Test
  void subclassTurningOffOnlyAutomaticReadStillWritesBack() {
    helper
        .addSourceLines(
            "Scan.java",
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

            final class Scan {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(
                    HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference got, boolean wait);
              }

              /** Turns off only the automatic read: JNA still writes the fields before each call. */
              static final class ScanOverlapped extends WinBase.OVERLAPPED {
                ScanOverlapped() {
                  setAutoRead(false);
                }
              }

              private final HANDLE device;
              private final Memory image = new Memory(4096);

              Scan(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int scan() {
                ScanOverlapped ov = new ScanOverlapped();
                if (!Io.INSTANCE.ReadFile(device, image, (int) image.size(), null, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("scan failed");
                }
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void subclassTurningOnAutoSynchStillWritesBack() {
    helper
        .addSourceLines(
            "Scan.java",
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

            final class Scan {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(
                    HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference got, boolean wait);
              }

              /** Turning it on again changes nothing. */
              static final class ScanOverlapped extends WinBase.OVERLAPPED {
                ScanOverlapped() {
                  setAutoSynch(true);
                }
              }

              private final HANDLE device;
              private final Memory image = new Memory(4096);

              Scan(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int scan() {
                ScanOverlapped ov = new ScanOverlapped();
                if (!Io.INSTANCE.ReadFile(device, image, (int) image.size(), null, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("scan failed");
                }
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void codesOwnOverlappedStructureWritesBack() {
    helper
        .addSourceLines(
            "Scan.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.Structure;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class Scan {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, ScanOverlapped ov);

                boolean GetOverlappedResult(HANDLE h, ScanOverlapped ov, IntByReference got, boolean wait);
              }

              /** The code's own OVERLAPPED: a plain Structure, written before each call like any other. */
              @Structure.FieldOrder({"Internal", "InternalHigh", "Offset", "OffsetHigh", "hEvent"})
              public static final class ScanOverlapped extends Structure {
                public Pointer Internal;
                public Pointer InternalHigh;
                public int Offset;
                public int OffsetHigh;
                public HANDLE hEvent;
              }

              private final HANDLE device;
              private final Memory image = new Memory(4096);

              Scan(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int scan() {
                ScanOverlapped ov = new ScanOverlapped();
                if (!Io.INSTANCE.ReadFile(device, image, (int) image.size(), null, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("scan failed");
                }
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void subclassTurningOffAutoSynch() {
    helper
        .addSourceLines(
            "Scan.java",
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

            final class Scan {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(
                    HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference got, boolean wait);
              }

              static final class ScanOverlapped extends WinBase.OVERLAPPED {
                ScanOverlapped() {
                  setAutoSynch(false);
                }
              }

              private final HANDLE device;
              private final Memory image = new Memory(4096);

              Scan(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int scan() {
                ScanOverlapped ov = new ScanOverlapped();
                if (!Io.INSTANCE.ReadFile(device, image, (int) image.size(), null, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("scan failed");
                }
                IntByReference got = new IntByReference();
                Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void subclassOverridingWrite() {
    helper
        .addSourceLines(
            "Scan.java",
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

            final class Scan {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(
                    HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference got, boolean wait);
              }

              /** Writes only the event: the status and count the kernel stored are left alone. */
              static final class ScanOverlapped extends WinBase.OVERLAPPED {
                @Override
                public void write() {
                  writeField("hEvent");
                }
              }

              private final HANDLE device;
              private final Memory image = new Memory(4096);

              Scan(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int scan() {
                ScanOverlapped ov = new ScanOverlapped();
                if (!Io.INSTANCE.ReadFile(device, image, (int) image.size(), null, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("scan failed");
                }
                IntByReference got = new IntByReference();
                Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void superclassTurningOffAutomaticWrite() {
    helper
        .addSourceLines(
            "Scan.java",
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

            final class Scan {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(
                    HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference got, boolean wait);
              }

              static class QuietOverlapped extends WinBase.OVERLAPPED {
                QuietOverlapped() {
                  setAutoWrite(false);
                }
              }

              /** Its superclass turned the write off. */
              static final class ScanOverlapped extends QuietOverlapped {}

              private final HANDLE device;
              private final Memory image = new Memory(4096);

              Scan(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              int scan() {
                ScanOverlapped ov = new ScanOverlapped();
                if (!Io.INSTANCE.ReadFile(device, image, (int) image.size(), null, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("scan failed");
                }
                IntByReference got = new IntByReference();
                Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Operations another method of the class leaves pending

  @Test
  void readPostedByConstructorHelperCollectedByValue() {
    helper
        .addSourceLines(
            "Poller.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Poller {
              private final Kernel32 k32;
              private final HANDLE pad;
              private final Memory report;
              private final OVERLAPPED ov;

              Poller(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pad =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.report = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                arm();
              }

              private void arm() {
                if (!k32.ReadFile(pad, report, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              /** The length of the report that arrived, or -1 if none did. */
              int poll() {
                if (k32.WaitForSingleObject(ov.hEvent, 0) != WinBase.WAIT_OBJECT_0) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                k32.GetOverlappedResult(pad, ov, got, false);
                arm();
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void readPostedByConstructorHelperCollectedByPointer() {
    helper
        .addSourceLines(
            "Poller.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Poller {
              private final Kernel32 k32;
              private final HANDLE pad;
              private final Memory report;
              private final OVERLAPPED ov;

              Poller(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pad =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.report = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                arm();
              }

              private void arm() {
                if (!k32.ReadFile(pad, report, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              /** The length of the report that arrived, or -1 if none did. */
              int poll() {
                if (k32.WaitForSingleObject(ov.hEvent, 0) != WinBase.WAIT_OBJECT_0) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pad, ov.getPointer(), got, false);
                arm();
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void readPostedElsewhereReadBackFirst() {
    helper
        .addSourceLines(
            "Poller.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Poller {
              private final Kernel32 k32;
              private final HANDLE pad;
              private final Memory report;
              private final OVERLAPPED ov;

              Poller(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pad =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.report = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                arm();
              }

              private void arm() {
                if (!k32.ReadFile(pad, report, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              /** The length of the report that arrived, or -1 if none did. */
              int poll() {
                if (k32.WaitForSingleObject(ov.hEvent, 0) != WinBase.WAIT_OBJECT_0) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                // Complete (its event is set), so read() brings the kernel's status into the Java fields.
                ov.read();
                k32.GetOverlappedResult(pad, ov, got, false);
                arm();
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void helperLeavesNothingPending() {
    helper
        .addSourceLines(
            "Poller.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Poller {
              private final Kernel32 k32;
              private final HANDLE pad;
              private final Memory report;
              private final OVERLAPPED ov;

              Poller(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pad =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.report = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                arm();
              }

              /** Reads one report and waits for it: nothing is pending when it returns. */
              private void arm() {
                if (!k32.ReadFile(pad, report, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference done = new IntByReference();
                k32.GetOverlappedResult(pad, ov.getPointer(), done, true);
                ov.read();
              }

              /** The length of the report that arrived, or -1 if none did. */
              int poll() {
                if (k32.WaitForSingleObject(ov.hEvent, 0) != WinBase.WAIT_OBJECT_0) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pad, ov, got, false);
                arm();
                return got.getValue();
              }
            }
            """)
        .doTest();
  }
}
