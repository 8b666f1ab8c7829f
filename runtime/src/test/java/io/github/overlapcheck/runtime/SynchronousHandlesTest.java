package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.RuntimeTestSupport.READ_WRITE;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.ascii;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.createPipeServer;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.kinds;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.newManualEvent;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.openFile;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.overlappedAt;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.signaledNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 2 of issue 2: on a handle opened without FILE_FLAG_OVERLAPPED every call completes before it
 * returns, whatever the driver would do; the system keeps the file pointer; an OVERLAPPED, if
 * given, supplies the offset and the call still completes before returning.
 */
class SynchronousHandlesTest {
  private static final String PIPE = "\\\\.\\pipe\\sync-test";

  /** Every request the driver could complete is left pending: only blocking makes calls finish. */
  private static Simulation pendingDriver() {
    return Simulation.builder().driver(DriverPolicy.alwaysPending()).build();
  }

  private static String read(Kernel32 k32, HANDLE h, int n) {
    byte[] buffer = new byte[n];
    IntByReference read = new IntByReference(-1);
    assertTrue(k32.ReadFile(h, buffer, n, read, null), "ReadFile failed: " + k32.GetLastError());
    return ascii(buffer).substring(0, read.getValue());
  }

  private static void write(Kernel32 k32, HANDLE h, String text) {
    byte[] data = ascii(text);
    IntByReference written = new IntByReference(-1);
    assertTrue(k32.WriteFile(h, data, data.length, written, null), "WriteFile failed");
    assertEquals(data.length, written.getValue());
  }

  private static long filePointer(Kernel32 k32, HANDLE h) {
    LongByReference position = new LongByReference();
    assertTrue(k32.SetFilePointerEx(h, 0, position, WinBase.FILE_CURRENT));
    return position.getValue();
  }

  // ---------------------------------------------------------------------------------------------
  // Calls complete before returning

  @Test
  void synchronousReadCompletesBeforeReturningThoughTheDriverLeavesRequestsPending() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("hello world"));
      HANDLE h = openFile(k32, "data.bin", false);
      byte[] buffer = new byte[5];
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(h, buffer, 5, read, null));
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      assertEquals(5, read.getValue());
      assertArrayEquals(ascii("hello"), buffer);
      assertEquals(0, sim.pendingOperations());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousWriteCompletesBeforeReturningThoughTheDriverLeavesRequestsPending() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[0]);
      HANDLE h = openFile(k32, "data.bin", false);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      data.write(0, ascii("done"), 0, 4);
      IntByReference written = new IntByReference(-1);
      assertTrue(k32.WriteFile(h, data, 4, written, (OVERLAPPED) null));
      assertEquals(4, written.getValue());
      assertArrayEquals(ascii("done"), sim.fileContents("data.bin"));
      assertEquals(0, sim.pendingOperations());
      data.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousReadIntoNativeMemoryHasTheDataWhenItReturns() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("native"));
      HANDLE h = openFile(k32, "data.bin", false);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 6);
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(h, buffer, 6, read, (OVERLAPPED) null));
      // Reading the buffer now is no read-before-completion: the call has completed.
      assertArrayEquals(ascii("native"), buffer.getByteArray(0, 6));
      assertEquals(6, read.getValue());
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The system keeps the file pointer

  @Test
  void sequentialSynchronousReadsAdvanceTheFilePointer() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("abcdefgh"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertEquals("abc", read(k32, h, 3));
      assertEquals(3, filePointer(k32, h));
      assertEquals("def", read(k32, h, 3));
      assertEquals("gh", read(k32, h, 3));
      assertEquals(8, filePointer(k32, h));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void sequentialSynchronousWritesAdvanceTheFilePointer() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[0]);
      HANDLE h = openFile(k32, "data.bin", false);
      write(k32, h, "ab");
      write(k32, h, "cd");
      write(k32, h, "ef");
      assertArrayEquals(ascii("abcdef"), sim.fileContents("data.bin"));
      assertEquals(6, filePointer(k32, h));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void eachSynchronousHandleHasItsOwnFilePointer() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE first = openFile(k32, "data.bin", false);
      HANDLE second = openFile(k32, "data.bin", false);
      assertEquals("0123", read(k32, first, 4));
      assertEquals("01", read(k32, second, 2));
      assertEquals("456", read(k32, first, 3));
      assertTrue(k32.CloseHandle(first));
      assertTrue(k32.CloseHandle(second));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousReadAtEndOfFileSucceedsWithZeroBytes() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("xy"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertEquals("xy", read(k32, h, 2));
      byte[] buffer = new byte[4];
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(h, buffer, 4, read, null));
      assertEquals(0, read.getValue());
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      assertArrayEquals(new byte[4], buffer);
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void setFilePointerExFromBeginMovesWhereTheNextReadStarts() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertEquals("012", read(k32, h, 3));
      LongByReference position = new LongByReference();
      assertTrue(k32.SetFilePointerEx(h, 7, position, WinBase.FILE_BEGIN));
      assertEquals(7, position.getValue());
      assertEquals("789", read(k32, h, 3));
      assertTrue(k32.SetFilePointerEx(h, 1, null, WinBase.FILE_BEGIN));
      assertEquals("12", read(k32, h, 2));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void setFilePointerExFromCurrentMovesRelativeToThePointer() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertEquals("0123", read(k32, h, 4));
      LongByReference position = new LongByReference();
      assertTrue(k32.SetFilePointerEx(h, 2, position, WinBase.FILE_CURRENT));
      assertEquals(6, position.getValue());
      assertEquals("67", read(k32, h, 2));
      assertTrue(k32.SetFilePointerEx(h, -5, position, WinBase.FILE_CURRENT));
      assertEquals(3, position.getValue());
      assertEquals("345", read(k32, h, 3));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void setFilePointerExFromEndMovesRelativeToTheFileLength() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      LongByReference position = new LongByReference();
      assertTrue(k32.SetFilePointerEx(h, -3, position, WinBase.FILE_END));
      assertEquals(7, position.getValue());
      assertEquals("789", read(k32, h, 8));
      assertTrue(k32.SetFilePointerEx(h, 0, position, WinBase.FILE_END));
      write(k32, h, "AB");
      assertArrayEquals(ascii("0123456789AB"), sim.fileContents("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void writeAfterSeekingPastTheEndExtendsTheFileWithZeros() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("ab"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertTrue(k32.SetFilePointerEx(h, 5, null, WinBase.FILE_BEGIN));
      write(k32, h, "z");
      assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0, 'z'}, sim.fileContents("data.bin"));
      assertEquals(6, filePointer(k32, h));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void setFilePointerExBeforeTheStartFailsAndLeavesThePointer() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertEquals("0123", read(k32, h, 4));
      assertFalse(k32.SetFilePointerEx(h, -5, null, WinBase.FILE_CURRENT));
      assertFalse(k32.SetFilePointerEx(h, -1, null, WinBase.FILE_BEGIN));
      assertEquals("45", read(k32, h, 2));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void setFilePointerExBeforeTheStartFailsWithNegativeSeek() {
    final int errorNegativeSeek = 131;
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertFalse(k32.SetFilePointerEx(h, -1, null, WinBase.FILE_BEGIN));
      assertEquals(errorNegativeSeek, k32.GetLastError());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void setFilePointerExWithUnknownMoveMethodFailsWithInvalidParameter() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertFalse(k32.SetFilePointerEx(h, 1, null, 3));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertEquals(0, filePointer(k32, h));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // An OVERLAPPED on a synchronous handle

  @Test
  void synchronousReadWithOverlappedTakesTheOffsetFromIt() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      OVERLAPPED ov = overlappedAt(k32, 6, null);
      byte[] buffer = new byte[3];
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(h, buffer, 3, read, ov));
      assertArrayEquals(ascii("678"), buffer);
      assertEquals(3, read.getValue());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousWriteWithOverlappedTakesTheOffsetFromIt() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      OVERLAPPED ov = overlappedAt(k32, 2, null);
      byte[] data = ascii("ab");
      assertTrue(k32.WriteFile(h, data, 2, new IntByReference(), ov));
      assertArrayEquals(ascii("01ab456789"), sim.fileContents("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousWriteWithOverlappedUsesAll64BitsOfTheOffset() {
    long far = (1L << 32) + 8;
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("big.bin", new byte[0]);
      HANDLE h = openFile(k32, "big.bin", false);
      OVERLAPPED ov = overlappedAt(k32, far, null);
      assertTrue(k32.WriteFile(h, ascii("far"), 3, new IntByReference(), ov));
      assertArrayEquals(ascii("far"), sim.fileContents("big.bin", far, 3));
      assertArrayEquals(new byte[3], sim.fileContents("big.bin", 8, 3));
      assertEquals(far + 3, sim.fileLength("big.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousReadWithOverlappedCompletesBeforeReturningAndRecordsTheResult() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      HANDLE event = newManualEvent(k32);
      OVERLAPPED ov = overlappedAt(k32, 3, event);
      ov.Internal = 0x7777;
      ov.InternalHigh = 0x7777;
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      assertTrue(k32.ReadFile(h, buffer, 4, null, ov));
      assertEquals(0, sim.pendingOperations());
      assertEquals(WinError.STATUS_SUCCESS, ov.Internal);
      assertEquals(4, ov.InternalHigh);
      assertTrue(signaledNow(k32, event));
      assertArrayEquals(ascii("3456"), buffer.getByteArray(0, 4));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousReadWithOverlappedLeavesTheFilePointerAfterWhatItRead() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      OVERLAPPED ov = overlappedAt(k32, 5, null);
      assertTrue(k32.ReadFile(h, new byte[2], 2, new IntByReference(), ov));
      assertEquals(7, filePointer(k32, h));
      assertEquals("789", read(k32, h, 3));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousReadWithOverlappedAtEndOfFileFailsWithHandleEof() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", false);
      OVERLAPPED ov = overlappedAt(k32, 4, null);
      assertFalse(k32.ReadFile(h, new byte[2], 2, new IntByReference(), ov));
      assertEquals(WinError.ERROR_HANDLE_EOF, k32.GetLastError());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Pipes: a synchronous read blocks until data arrives

  @Test
  void synchronousPipeReadBlocksUntilAnotherThreadWrites() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      List<String> log = new ArrayList<>();
      HANDLE writer =
          k32.CreateThread(
              "writer",
              () -> {
                log.add("writer starts");
                write(k32, client, "late data");
                log.add("writer wrote");
              });
      assertEquals(List.of(), log, "a new thread runs only once main blocks");
      byte[] buffer = new byte[16];
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(server, buffer, 16, read, null));
      log.add("read returned");
      assertEquals(9, read.getValue());
      assertEquals("late data", ascii(buffer).substring(0, 9));
      assertEquals(WinBase.WAIT_OBJECT_0, k32.WaitForSingleObject(writer, WinBase.INFINITE));
      assertEquals(3, log.size(), log.toString());
      assertEquals("writer starts", log.get(0));
      assertTrue(
          log.indexOf("writer starts") < log.indexOf("read returned"),
          "the read returned only after the writer ran: " + log);
      for (HANDLE h : new HANDLE[] {writer, client, server}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousPipeReadWaitsThroughOtherWorkOfTheWritingThread() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      HANDLE go = k32.CreateEvent(null, false, false, null);
      List<String> log = new ArrayList<>();
      HANDLE writer =
          k32.CreateThread(
              "writer",
              () -> {
                k32.WaitForSingleObject(go, WinBase.INFINITE);
                log.add("writer released");
                write(k32, client, "ok");
              });
      HANDLE releaser =
          k32.CreateThread(
              "releaser",
              () -> {
                log.add("releaser runs");
                k32.SetEvent(go);
              });
      assertEquals("ok", read(k32, server, 2));
      assertEquals(List.of("releaser runs", "writer released"), log);
      assertEquals(
          WinBase.WAIT_OBJECT_0,
          k32.WaitForMultipleObjects(2, new HANDLE[] {writer, releaser}, true, WinBase.INFINITE));
      for (HANDLE h : new HANDLE[] {writer, releaser, go, client, server}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousPipeReadThatNoThreadCanSatisfyIsReportedInsteadOfHanging() {
    try (Simulation sim = pendingDriver()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      assertFalse(k32.ReadFile(server, new byte[4], 4, new IntByReference(), null));
      assertEquals(WinError.ERROR_POSSIBLE_DEADLOCK, k32.GetLastError());
      assertEquals(0, sim.pendingOperations());
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(ViolationKind.UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }
}
