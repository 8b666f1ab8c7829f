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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 3 of issue 2: on a handle opened with FILE_FLAG_OVERLAPPED, ReadFile and WriteFile need an
 * OVERLAPPED; there is no file pointer, the 64-bit offset comes from Offset/OffsetHigh; a call
 * returns TRUE (completed synchronously), FALSE with ERROR_IO_PENDING, or FALSE with a real error
 * and nothing started.
 */
class AsynchronousHandlesTest {
  private static final String PIPE = "\\\\.\\pipe\\async-test";

  private static Simulation simulation(DriverPolicy policy) {
    return Simulation.builder().driver(policy).build();
  }

  /** Waits for the operation behind {@code ov} and returns its byte count; it must succeed. */
  private static int awaitSuccess(Kernel32 k32, HANDLE h, OVERLAPPED ov) {
    IntByReference bytes = new IntByReference(-1);
    assertTrue(
        k32.GetOverlappedResult(h, ov.getPointer(), bytes, true),
        "GetOverlappedResult failed: " + k32.GetLastError());
    return bytes.getValue();
  }

  private static HANDLE openPipeClient(Kernel32 k32, boolean overlapped) {
    return k32.CreateFile(
        PIPE,
        READ_WRITE,
        0,
        null,
        WinBase.OPEN_EXISTING,
        overlapped ? WinBase.FILE_FLAG_OVERLAPPED : 0,
        null);
  }

  // ---------------------------------------------------------------------------------------------
  // An OVERLAPPED is required

  @Test
  void asyncReadWithoutOverlappedFailsWithInvalidParameterAndStartsNothing() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      IntByReference read = new IntByReference(-1);
      assertFalse(k32.ReadFile(h, buffer, 4, read, (OVERLAPPED) null));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertFalse(k32.ReadFile(h, new byte[4], 4, read, null));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertEquals(0, sim.pendingOperations());
      assertArrayEquals(new byte[4], buffer.getByteArray(0, 4));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(
          List.of(
              ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE,
              ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE),
          kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncWriteWithoutOverlappedFailsWithInvalidParameterAndWritesNothing() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", true);
      assertFalse(k32.WriteFile(h, ascii("XY"), 2, new IntByReference(), null));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertEquals(0, sim.pendingOperations());
      assertEquals(0, sim.advanceAll());
      assertArrayEquals(ascii("0123"), sim.fileContents("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncPipeReadWithoutOverlappedReturnsForAnotherOperationsCompletionAndCorruptsTheStack() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, false);
      assertTrue(k32.WriteFile(client, ascii("data"), 4, new IntByReference(), null));
      Memory first = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, first, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());

      // kernel32 waits on the handle; the first read's completion signals it, so the call
      // returns TRUE with nothing read while its own read is still pending.
      byte[] second = new byte[4];
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(server, second, 4, read, (OVERLAPPED) null));
      assertEquals(0, read.getValue());
      assertArrayEquals(new byte[4], second);
      assertEquals(
          List.of(
              ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE,
              ViolationKind.RESULT_BEFORE_COMPLETION,
              ViolationKind.FREED_WHILE_PENDING,
              ViolationKind.FREED_WHILE_PENDING),
          kinds(sim.violations()));

      // When data arrives, the kernel completes the read into memory that is gone.
      assertTrue(k32.WriteFile(client, ascii("more"), 4, new IntByReference(), null));
      assertEquals(1, sim.advanceAll());
      assertNull(k32.LocalFree(first));
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      List<Violation> log = sim.shutdown();
      assertEquals(
          List.of(
              ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE,
              ViolationKind.RESULT_BEFORE_COMPLETION,
              ViolationKind.FREED_WHILE_PENDING,
              ViolationKind.FREED_WHILE_PENDING,
              ViolationKind.KERNEL_WRITE_TO_FREED,
              ViolationKind.KERNEL_WRITE_TO_FREED),
          kinds(log));
      assertTrue(
          log.get(2).block().orElseThrow().contains("I/O status block"), log.get(2)::toString);
    }
  }

  @Test
  void asyncPipeReadWithoutOverlappedIsNotRefusedLikeADiskFileRead() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, false);
      assertTrue(k32.WriteFile(client, ascii("data"), 4, new IntByReference(), null));
      byte[] buffer = new byte[4];
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(server, buffer, 4, read, null));
      assertEquals(4, read.getValue());
      assertArrayEquals(ascii("data"), buffer);
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      // Still a misuse worth reporting: the wait on the handle can be satisfied by another call.
      assertEquals(List.of(ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // No file pointer: the offset comes from the OVERLAPPED

  @Test
  void asyncReadOnSeekingFileTakesOffsetFromOverlapped() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      OVERLAPPED ov = overlappedAt(k32, 6, null);
      assertFalse(k32.ReadFile(h, buffer, 3, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(3, awaitSuccess(k32, h, ov));
      assertArrayEquals(ascii("678"), buffer.getByteArray(0, 3));
      ov.Offset = 1;
      assertFalse(k32.ReadFile(h, buffer, 3, null, ov));
      assertEquals(3, awaitSuccess(k32, h, ov));
      assertArrayEquals(ascii("123"), buffer.getByteArray(0, 3));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncWriteOnSeekingFileTakesOffsetFromOverlapped() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      data.write(0, ascii("ab"), 0, 2);
      OVERLAPPED ov = overlappedAt(k32, 7, null);
      assertFalse(k32.WriteFile(h, data, 2, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(2, awaitSuccess(k32, h, ov));
      assertArrayEquals(ascii("0123456ab9"), sim.fileContents("data.bin"));
      data.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncReadsAtAnUnchangedOffsetReadTheSameBytesBecauseNoFilePointerAdvances() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("abcdefgh"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = overlappedAt(k32, 0, null);
      assertTrue(k32.ReadFile(h, buffer, 4, null, ov));
      assertArrayEquals(ascii("abcd"), buffer.getByteArray(0, 4));
      assertTrue(k32.ReadFile(h, buffer, 4, null, ov));
      assertArrayEquals(ascii("abcd"), buffer.getByteArray(0, 4), "no file pointer moved on");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(ViolationKind.OFFSET_NOT_ADVANCED), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncReadIgnoresTheFilePointerSetBySetFilePointerEx() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      assertTrue(k32.SetFilePointerEx(h, 6, null, WinBase.FILE_BEGIN));
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      OVERLAPPED ov = overlappedAt(k32, 0, null);
      assertTrue(k32.ReadFile(h, buffer, 3, null, ov));
      assertArrayEquals(ascii("012"), buffer.getByteArray(0, 3));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(ViolationKind.FILE_POINTER_IGNORED), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncWriteAboveFourGibUsesOffsetHighAndReadsBack() {
    long far = (1L << 32) + 16;
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("big.bin", ascii("low data........................"));
      HANDLE h = openFile(k32, "big.bin", true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 5);
      data.write(0, ascii("HIGH!"), 0, 5);
      OVERLAPPED write = new OVERLAPPED(k32);
      write.Offset = 16;
      write.OffsetHigh = 1;
      assertFalse(k32.WriteFile(h, data, 5, null, write));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(5, awaitSuccess(k32, h, write));
      assertArrayEquals(ascii("HIGH!"), sim.fileContents("big.bin", far, 5));
      assertArrayEquals(ascii("........"), sim.fileContents("big.bin", 16, 8), "not at Offset");
      assertEquals(far + 5, sim.fileLength("big.bin"));

      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 5);
      OVERLAPPED read = overlappedAt(k32, far, null);
      assertFalse(k32.ReadFile(h, buffer, 5, null, read));
      assertEquals(5, awaitSuccess(k32, h, read));
      assertArrayEquals(ascii("HIGH!"), buffer.getByteArray(0, 5));
      data.close();
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncOffsetLowPartIsUnsigned() {
    long position = 0x8000_0000L;
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("big.bin", new byte[0]);
      HANDLE h = openFile(k32, "big.bin", true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      data.write(0, ascii("2G"), 0, 2);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Offset = (int) position; // negative as a Java int
      assertTrue(k32.WriteFile(h, data, 2, null, ov));
      assertArrayEquals(ascii("2G"), sim.fileContents("big.bin", position, 2));
      assertEquals(position + 2, sim.fileLength("big.bin"));
      data.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncWriteWithBothOffsetHalvesAllOnesAppendsToTheEndOfTheFile() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      data.write(0, ascii("ab"), 0, 2);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Offset = 0xFFFFFFFF;
      ov.OffsetHigh = 0xFFFFFFFF;
      assertTrue(k32.WriteFile(h, data, 2, null, ov));
      assertArrayEquals(ascii("0123ab"), sim.fileContents("data.bin"));
      data.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TRUE, FALSE with ERROR_IO_PENDING, FALSE with a real error

  @Test
  void asyncReadCompletedSynchronouslyReturnsTrueWithDataStatusAndSignalledEvent() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      HANDLE event = newManualEvent(k32);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = overlappedAt(k32, 2, event);
      IntByReference read = new IntByReference(-1);
      k32.SetLastError(WinError.ERROR_ACCESS_DENIED);
      assertTrue(k32.ReadFile(h, buffer, 4, read, ov));
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      assertEquals(4, read.getValue());
      assertEquals(0, sim.pendingOperations());
      assertArrayEquals(ascii("2345"), buffer.getByteArray(0, 4));
      assertEquals(WinError.STATUS_SUCCESS, ov.Internal);
      assertEquals(4, ov.InternalHigh);
      assertTrue(signaledNow(k32, event));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncReadThatGoesPendingReturnsFalseWithIoPendingAndCompletesLater() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      HANDLE event = newManualEvent(k32);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = overlappedAt(k32, 2, event);
      assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(1, sim.pendingOperations());
      assertEquals(WinError.STATUS_PENDING, ov.Internal);
      assertFalse(signaledNow(k32, event));
      IntByReference bytes = new IntByReference(-1);
      assertFalse(k32.GetOverlappedResult(h, ov.getPointer(), bytes, false));
      assertEquals(WinError.ERROR_IO_INCOMPLETE, k32.GetLastError());

      assertTrue(sim.advance());
      assertEquals(0, sim.pendingOperations());
      assertTrue(signaledNow(k32, event));
      assertEquals(4, awaitSuccess(k32, h, ov));
      assertArrayEquals(ascii("2345"), buffer.getByteArray(0, 4));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncWriteThatGoesPendingReachesTheFileOnlyWhenTheDeviceCompletesIt() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0000"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      data.write(0, ascii("xx"), 0, 2);
      OVERLAPPED ov = overlappedAt(k32, 1, null);
      assertFalse(k32.WriteFile(h, data, 2, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertArrayEquals(ascii("0000"), sim.fileContents("data.bin"));
      assertTrue(sim.advance());
      assertArrayEquals(ascii("0xx0"), sim.fileContents("data.bin"));
      assertEquals(2, awaitSuccess(k32, h, ov));
      data.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncReadPartlyPastEndOfFileTransfersOnlyTheBytesBeforeIt() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      OVERLAPPED ov = overlappedAt(k32, 7, null);
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(h, buffer, 8, read, ov));
      assertEquals(3, read.getValue());
      assertEquals(3, ov.InternalHigh);
      assertArrayEquals(ascii("789"), buffer.getByteArray(0, 3));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncReadAtEndOfFileFailsWithHandleEofAndStartsNothing() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      HANDLE port = k32.CreateIoCompletionPort(h, null, 5, 0);
      // Another read is in flight, so "nothing started" is visible as "nothing more pending".
      Memory first = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      OVERLAPPED firstOv = overlappedAt(k32, 0, null);
      assertFalse(k32.ReadFile(h, first, 2, null, firstOv));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(1, sim.pendingOperations());

      HANDLE event = newManualEvent(k32);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED atEnd = overlappedAt(k32, 10, event);
      assertFalse(k32.ReadFile(h, buffer, 4, null, atEnd));
      assertEquals(WinError.ERROR_HANDLE_EOF, k32.GetLastError());
      assertEquals(1, sim.pendingOperations());
      assertFalse(signaledNow(k32, event));

      assertEquals(1, sim.advanceAll(), "only the first read completes");
      assertFalse(signaledNow(k32, event), "the failed read's event is never signalled");
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference dequeued = new PointerByReference();
      assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, dequeued, 0));
      assertEquals(firstOv.getPointer(), dequeued.getValue());
      assertFalse(k32.GetQueuedCompletionStatus(port, bytes, key, dequeued, 0));
      assertEquals(WinError.WAIT_TIMEOUT, k32.GetLastError(), "no packet for the failed read");
      assertNull(dequeued.getValue());

      first.close();
      buffer.close();
      for (HANDLE handle : new HANDLE[] {h, port, event}) {
        assertTrue(k32.CloseHandle(handle));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncReadAtEndOfFileFailsAtOnceWhateverTheDriverPolicy() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", true);
      HANDLE event = newManualEvent(k32);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = overlappedAt(k32, 100, event);
      IntByReference read = new IntByReference(-1);
      assertFalse(k32.ReadFile(h, buffer, 4, read, ov));
      assertEquals(WinError.ERROR_HANDLE_EOF, k32.GetLastError());
      assertEquals(0, read.getValue());
      assertEquals(0, sim.pendingOperations());
      assertFalse(signaledNow(k32, event));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncPipeReadAfterPeerClosedFailsWithBrokenPipeAndStartsNothing() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, false);
      assertTrue(k32.CloseHandle(client));
      // Another operation is in flight, so "nothing started" shows as "nothing more pending".
      sim.putFile("other.bin", ascii("zz"));
      HANDLE other = openFile(k32, "other.bin", true);
      Memory otherBuffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      OVERLAPPED otherOv = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(other, otherBuffer, 2, null, otherOv));
      assertEquals(1, sim.pendingOperations());

      HANDLE event = newManualEvent(k32);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(server, buffer, 4, null, ov));
      assertEquals(WinError.ERROR_BROKEN_PIPE, k32.GetLastError());
      assertEquals(1, sim.pendingOperations());
      assertEquals(1, sim.advanceAll(), "only the other read completes");
      assertFalse(signaledNow(k32, event), "the failed read's event is never signalled");
      assertEquals(2, awaitSuccess(k32, other, otherOv));
      otherBuffer.close();
      buffer.close();
      for (HANDLE h : new HANDLE[] {server, other, event}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncPipeReadReturnsDataLeftByAClosedPeerBeforeReportingBrokenPipe() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, false);
      assertTrue(k32.WriteFile(client, ascii("last"), 4, new IntByReference(), null));
      assertTrue(k32.CloseHandle(client));
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      OVERLAPPED ov = new OVERLAPPED(k32);
      IntByReference read = new IntByReference(-1);
      assertTrue(k32.ReadFile(server, buffer, 8, read, ov));
      assertEquals(4, read.getValue());
      assertArrayEquals(ascii("last"), buffer.getByteArray(0, 4));
      assertFalse(k32.ReadFile(server, buffer, 8, read, ov));
      assertEquals(WinError.ERROR_BROKEN_PIPE, k32.GetLastError());
      assertEquals(0, sim.pendingOperations());
      buffer.close();
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void pendingPipeReadCompletesWithBrokenPipeWhenThePeerClosesLater() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, false);
      HANDLE event = newManualEvent(k32);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(server, buffer, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError(), "started: no data yet");
      assertEquals(0, sim.advanceAll());
      assertTrue(k32.CloseHandle(client));
      assertEquals(1, sim.advanceAll());
      assertTrue(signaledNow(k32, event), "a started operation is always completed");
      IntByReference bytes = new IntByReference(-1);
      assertFalse(k32.GetOverlappedResult(server, ov.getPointer(), bytes, false));
      assertEquals(WinError.ERROR_BROKEN_PIPE, k32.GetLastError());
      assertEquals(0, bytes.getValue());
      buffer.close();
      assertTrue(k32.CloseHandle(server));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncPipeWriteAfterPeerClosedFailsWithNoDataAndStartsNothing() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, false);
      assertTrue(k32.CloseHandle(client));
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 1);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(server, data, 1, null, ov));
      assertEquals(WinError.ERROR_NO_DATA, k32.GetLastError());
      assertEquals(0, sim.pendingOperations());
      data.close();
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }
}
