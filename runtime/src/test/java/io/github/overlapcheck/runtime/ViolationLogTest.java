package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.ViolationKind.BUFFER_MODIFIED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.BUFFER_REUSED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.BYTES_OUT_PARAM_OF_PENDING_OPERATION;
import static io.github.overlapcheck.runtime.ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED;
import static io.github.overlapcheck.runtime.ViolationKind.COMPLETION_ROUTINE_NEVER_RAN;
import static io.github.overlapcheck.runtime.ViolationKind.DOUBLE_FREE;
import static io.github.overlapcheck.runtime.ViolationKind.FREED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO;
import static io.github.overlapcheck.runtime.ViolationKind.KERNEL_READ_FROM_FREED;
import static io.github.overlapcheck.runtime.ViolationKind.KERNEL_WRITE_TO_FREED;
import static io.github.overlapcheck.runtime.ViolationKind.LEAKED_MEMORY;
import static io.github.overlapcheck.runtime.ViolationKind.OPERATION_PENDING_AT_SHUTDOWN;
import static io.github.overlapcheck.runtime.ViolationKind.OVERLAPPED_MODIFIED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.OVERLAPPED_REUSED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.READ_BEFORE_COMPLETION;
import static io.github.overlapcheck.runtime.ViolationKind.STALE_OVERLAPPED_WRITE_BACK;
import static io.github.overlapcheck.runtime.ViolationKind.UNSATISFIABLE_WAIT;
import static io.github.overlapcheck.runtime.ViolationKind.USE_AFTER_FREE;
import static io.github.overlapcheck.runtime.WinBase.FILE_FLAG_OVERLAPPED;
import static io.github.overlapcheck.runtime.WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_READ;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_WRITE;
import static io.github.overlapcheck.runtime.WinBase.INFINITE;
import static io.github.overlapcheck.runtime.WinBase.LMEM_ZEROINIT;
import static io.github.overlapcheck.runtime.WinBase.OPEN_ALWAYS;
import static io.github.overlapcheck.runtime.WinBase.OPEN_EXISTING;
import static io.github.overlapcheck.runtime.WinBase.PIPE_ACCESS_DUPLEX;
import static io.github.overlapcheck.runtime.WinBase.PIPE_READMODE_BYTE;
import static io.github.overlapcheck.runtime.WinBase.PIPE_TYPE_BYTE;
import static io.github.overlapcheck.runtime.WinBase.PIPE_WAIT;
import static io.github.overlapcheck.runtime.WinBase.WAIT_FAILED;
import static io.github.overlapcheck.runtime.WinBase.WAIT_OBJECT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_HANDLE_EOF;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_INCOMPLETE;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static io.github.overlapcheck.runtime.WinError.ERROR_POSSIBLE_DEADLOCK;
import static io.github.overlapcheck.runtime.WinError.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 2, behaviour 10: violations are recorded the way a sanitizer reports them, with the
 * operation, the memory block, and where the block was allocated and freed; strict mode throws from
 * the call during which the violation happened.
 */
class ViolationLogTest {
  private static final String FILE = "C:\\data\\violations.bin";
  private static final String PIPE = "\\\\.\\pipe\\violations";

  /** The two ways a driver can finish a request. */
  enum Driver {
    SYNCHRONOUS(true),
    PENDING(false);

    final boolean synchronous;

    Driver(boolean synchronous) {
      this.synchronous = synchronous;
    }

    DriverPolicy policy() {
      return synchronous ? DriverPolicy.alwaysSynchronous() : DriverPolicy.alwaysPending();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Memory

  @Test
  void doubleFreeRecordsTheBlockWhereItWasAllocatedAndWhereItWasFirstFreed() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory block = k32.LocalAlloc(LMEM_ZEROINIT, 16);
      releaseOnce(k32, block);

      assertNull(k32.LocalFree(block));

      List<Violation> log = sim.shutdown();
      assertEquals(List.of(DOUBLE_FREE), kinds(log));
      Violation v = log.get(0);
      assertTrue(v.site().contains(test), v::toString);
      assertEquals("main", v.thread());
      assertEquals(Optional.empty(), v.operation());
      assertTrue(v.block().orElseThrow().contains("LocalAlloc(16)"), v::toString);
      assertTrue(v.allocatedAt().orElseThrow().contains(test), v::toString);
      assertTrue(
          v.freedAt().orElseThrow().contains("ViolationLogTest.releaseOnce"),
          "the first free, not the second: " + v);
    }
  }

  private static void releaseOnce(Kernel32 k32, Memory block) {
    assertNull(k32.LocalFree(block));
  }

  @Test
  void closingJnaMemoryTwiceIsADoubleFree() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory block = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      block.close();
      assertFalse(block.valid());

      block.close();

      assertEquals(List.of(DOUBLE_FREE), kinds(sim.shutdown()));
    }
  }

  @Test
  void programReadingAndWritingFreedMemoryIsUseAfterFree() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory block = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      block.setByte(0, (byte) 42);
      block.close();

      byte stale = block.getByte(0);
      block.setByte(1, (byte) 1);

      assertEquals(42, stale, "freed memory keeps its bytes, as real freed memory may");
      List<Violation> log = sim.shutdown();
      assertEquals(List.of(USE_AFTER_FREE, USE_AFTER_FREE), kinds(log));
      assertTrue(log.get(0).message().contains("read"), log.get(0)::toString);
      assertTrue(log.get(1).message().contains("wrote"), log.get(1)::toString);
      for (Violation v : log) {
        assertTrue(v.site().contains(test), v::toString);
        assertTrue(v.block().orElseThrow().contains("LocalAlloc(8)"), v::toString);
        assertTrue(v.allocatedAt().orElseThrow().contains(test), v::toString);
        assertTrue(v.freedAt().orElseThrow().contains(test), v::toString);
      }
    }
  }

  @Test
  void kernelWritingACompletedReadIntoAFreedBufferIsRecorded() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("data"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(file, buffer, 4, null, ov));

      k32.LocalFree(buffer);
      assertEquals(1, sim.advanceAll());

      List<Violation> log = sim.violations();
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(log));
      for (Violation v : log) {
        assertTrue(v.operation().orElseThrow().startsWith("ReadFile #1"), v::toString);
        assertTrue(v.operation().orElseThrow().contains(test), "issue site: " + v);
        assertTrue(v.block().orElseThrow().contains("LocalAlloc(4)"), v::toString);
        assertTrue(v.allocatedAt().orElseThrow().contains(test), v::toString);
        assertTrue(v.site().contains(test), v::toString);
      }
      assertTrue(log.get(1).message().contains("data read"), log.get(1)::toString);
      assertTrue(log.get(1).freedAt().orElseThrow().contains(test), log.get(1)::toString);
      k32.CloseHandle(file);
      assertEquals(kinds(log), kinds(sim.shutdown()));
    }
  }

  @Test
  void kernelTakingAPendingWritesDataFromAFreedBufferIsRecorded() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      k32.LocalFree(data);
      assertEquals(1, sim.advanceAll());

      List<Violation> log = sim.violations();
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_READ_FROM_FREED), kinds(log));
      assertTrue(log.get(1).operation().orElseThrow().startsWith("WriteFile #1"), log::toString);
      k32.CloseHandle(file);
      assertEquals(kinds(log), kinds(sim.shutdown()));
    }
  }

  @Test
  void javaArrayPassedToAPendingReadIsFreedByJnaAndWrittenAfterwards() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("data"));
      HANDLE file = openAsync(k32);
      OVERLAPPED ov = new OVERLAPPED(k32);
      byte[] array = new byte[4];

      assertFalse(k32.ReadFile(file, array, 4, null, ov));
      assertEquals(ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(List.of(FREED_WHILE_PENDING), kinds(sim.violations()));
      assertEquals(1, sim.advanceAll());

      assertArrayEquals(new byte[4], array, "the data went to JNA's freed copy, not the array");
      List<Violation> log = sim.violations();
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(log));
      Violation write = log.get(1);
      assertTrue(write.block().orElseThrow().contains("JNA's temporary copy"), write::toString);
      assertTrue(write.allocatedAt().orElseThrow().contains(test), write::toString);
      assertTrue(write.freedAt().orElseThrow().contains(test), write::toString);
      k32.CloseHandle(file);
      assertEquals(kinds(log), kinds(sim.shutdown()));
    }
  }

  @Test
  void javaArrayPassedToAReadThatCompletesSynchronouslyIsClean() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("data"));
      HANDLE file = openAsync(k32);
      OVERLAPPED ov = new OVERLAPPED(k32);
      byte[] array = new byte[4];

      assertTrue(k32.ReadFile(file, array, 4, null, ov));

      assertArrayEquals(ascii("data"), array);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void overlappedInAScopeThatEndsWhilePendingReceivesTheCompletionAfterItWasFreed() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      try (Arena frame = k32.openArena()) {
        OVERLAPPED local = new OVERLAPPED(frame);
        assertFalse(k32.WriteFile(file, data, 4, null, local));
      }
      assertEquals(List.of(FREED_WHILE_PENDING), kinds(sim.violations()));

      assertEquals(1, sim.advanceAll());

      List<Violation> log = sim.violations();
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(log));
      for (Violation v : log) {
        assertTrue(v.block().orElseThrow().contains("OVERLAPPED"), v::toString);
        assertTrue(v.allocatedAt().orElseThrow().contains(test), v::toString);
        assertTrue(v.operation().orElseThrow().startsWith("WriteFile #1"), v::toString);
      }
      assertTrue(log.get(0).message().contains("end of scope"), log.get(0)::toString);
      assertTrue(log.get(1).freedAt().orElseThrow().contains(test), log.get(1)::toString);
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(kinds(log), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Modified or reused while pending

  @Test
  void modifyingTheBufferOfAPendingWriteIsRecorded() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      data.setByte(1, (byte) 'X');

      List<Violation> log = sim.violations();
      assertEquals(List.of(BUFFER_MODIFIED_WHILE_PENDING), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFile #1"), log::toString);
      assertTrue(log.get(0).block().orElseThrow().contains("LocalAlloc(4)"), log::toString);
      assertTrue(log.get(0).site().contains(test), log::toString);
      assertEquals(1, sim.advanceAll());
      assertArrayEquals(ascii("aXcd"), sim.fileContents(FILE), "the kernel took what was there");
      data.setByte(1, (byte) 'b');
      assertEquals(1, sim.violations().size(), "after completion the buffer is the program's");
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(BUFFER_MODIFIED_WHILE_PENDING), kinds(sim.shutdown()));
    }
  }

  @Test
  void readingTheBufferOfAPendingReadIsRecordedAsStale() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("data"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(file, buffer, 4, null, ov));

      assertEquals(0, buffer.getByte(0));

      assertEquals(List.of(READ_BEFORE_COMPLETION), kinds(sim.violations()));
      assertEquals(1, sim.advanceAll());
      assertEquals('d', buffer.getByte(0));
      k32.LocalFree(buffer);
      k32.CloseHandle(file);
      assertEquals(List.of(READ_BEFORE_COMPLETION), kinds(sim.shutdown()));
    }
  }

  @Test
  void modifyingTheOverlappedOfAPendingOperationIsRecorded() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      ov.Offset = 4;
      ov.write();

      List<Violation> log = sim.violations();
      assertEquals(List.of(OVERLAPPED_MODIFIED_WHILE_PENDING), kinds(log));
      assertTrue(log.get(0).block().orElseThrow().contains("OVERLAPPED"), log::toString);
      assertTrue(log.get(0).allocatedAt().orElseThrow().contains(test), log::toString);
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFile #1"), log::toString);
      assertEquals(1, sim.advanceAll());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(OVERLAPPED_MODIFIED_WHILE_PENDING), kinds(sim.shutdown()));
    }
  }

  @Test
  void reusingAnOverlappedForASecondOperationWhileTheFirstIsPendingIsRecorded() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcdefgh");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov.getPointer()));

      assertFalse(k32.WriteFile(file, data.share(4), 4, null, ov.getPointer()));

      List<Violation> log = sim.violations();
      assertEquals(List.of(OVERLAPPED_REUSED_WHILE_PENDING), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFile #2"), log::toString);
      assertTrue(log.get(0).message().contains("#1"), log::toString);
      assertTrue(log.get(0).block().orElseThrow().contains("OVERLAPPED"), log::toString);
      assertEquals(2, sim.advanceAll());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(OVERLAPPED_REUSED_WHILE_PENDING), kinds(sim.shutdown()));
    }
  }

  @Test
  void reusingABufferForASecondReadWhileTheFirstIsPendingIsRecorded() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("abcdefgh"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      OVERLAPPED first = new OVERLAPPED(k32);
      OVERLAPPED second = new OVERLAPPED(k32);
      second.Offset = 4;
      assertFalse(k32.ReadFile(file, buffer, 4, null, first));

      assertFalse(k32.ReadFile(file, buffer, 4, null, second));

      List<Violation> log = sim.violations();
      assertEquals(List.of(BUFFER_REUSED_WHILE_PENDING), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("ReadFile #2"), log::toString);
      assertTrue(log.get(0).block().orElseThrow().contains("LocalAlloc(4)"), log::toString);
      assertEquals(2, sim.advanceAll());
      k32.LocalFree(buffer);
      k32.CloseHandle(file);
      assertEquals(List.of(BUFFER_REUSED_WHILE_PENDING), kinds(sim.shutdown()));
    }
  }

  @Test
  void closingAHandleWithWorkPendingIsRecordedWithTheOperation() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      assertTrue(k32.CloseHandle(file));

      List<Violation> log = sim.violations();
      assertEquals(List.of(HANDLE_CLOSED_WITH_PENDING_IO), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFile #1"), log::toString);
      assertTrue(log.get(0).site().contains(test), log::toString);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      ov.read();
      assertEquals(WinError.STATUS_CANCELLED, ov.Internal);
      k32.LocalFree(data);
      k32.CloseHandle(event);
      assertEquals(List.of(HANDLE_CLOSED_WITH_PENDING_IO), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Waits nothing can satisfy: reported, and the call returns

  @Test
  void waitOnAnEventNobodyCanSetIsReportedAndReturnsWaitFailed() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);

      assertEquals(WAIT_FAILED, k32.WaitForSingleObject(event, INFINITE));

      assertEquals(ERROR_POSSIBLE_DEADLOCK, k32.GetLastError());
      List<Violation> log = sim.violations();
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(log));
      assertTrue(log.get(0).site().contains(test), log::toString);
      assertEquals("main", log.get(0).thread());
      assertTrue(log.get(0).message().contains("event"), log::toString);
      k32.CloseHandle(event);
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }

  @Test
  void dequeueFromAPortNothingCanReachIsReportedAndReturnsFalse() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      PointerByReference overlapped = new PointerByReference();

      assertFalse(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), overlapped, INFINITE));

      assertEquals(ERROR_POSSIBLE_DEADLOCK, k32.GetLastError());
      assertNull(overlapped.getValue());
      k32.CloseHandle(port);
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }

  @Test
  void waitingForTheCompletionOfACallThatFailedAtOnceIsReportedInsteadOfHanging() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("abcd"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      ov.Offset = 100;
      assertFalse(k32.ReadFile(file, buffer, 4, null, ov));
      assertEquals(ERROR_HANDLE_EOF, k32.GetLastError(), "a real error: nothing was started");

      assertFalse(k32.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), true));

      assertEquals(ERROR_POSSIBLE_DEADLOCK, k32.GetLastError());
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(sim.violations()));
      k32.LocalFree(buffer);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }

  @Test
  void twoThreadsWaitingOnEachOtherAreReportedInsteadOfHanging() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE mainIsDone = k32.CreateEvent(null, true, false, null);
      int[] workerWait = {-1};
      HANDLE worker =
          k32.CreateThread(
              "worker", () -> workerWait[0] = k32.WaitForSingleObject(mainIsDone, INFINITE));

      int mainWait = k32.WaitForSingleObject(worker, INFINITE);
      k32.SetEvent(mainIsDone);

      assertEquals(WAIT_FAILED, workerWait[0], "the worker's wait is the one that cannot succeed");
      assertEquals(WAIT_OBJECT_0, mainWait, "so the worker ends and main's wait succeeds");
      List<Violation> log = sim.violations();
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(log));
      assertEquals("worker", log.get(0).thread());
      k32.CloseHandle(worker);
      k32.CloseHandle(mainIsDone);
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Left over at shutdown

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionPacketsNeverDequeuedAreReportedAtShutdown(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      assertNotNull(k32.CreateIoCompletionPort(file, null, 1, 0), "a port nobody dequeues");
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertEquals(driver.synchronous, k32.WriteFile(file, data, 4, null, ov));
      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), true));
      k32.LocalFree(data);

      List<Violation> log = sim.shutdown();

      assertEquals(List.of(COMPLETION_PACKET_NEVER_DEQUEUED), kinds(log));
      assertTrue(log.get(0).message().contains("WriteFile #1"), log.get(0)::toString);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionRoutinesThatNeverRanAreReportedAtShutdown(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      int[] runs = {0};
      assertTrue(k32.WriteFileEx(file, data, 4, ov, (error, bytes, p) -> runs[0]++));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, INFINITE));
      k32.LocalFree(data);

      List<Violation> log = sim.shutdown();

      assertEquals(List.of(COMPLETION_ROUTINE_NEVER_RAN), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFileEx #1"), log::toString);
      assertEquals(0, runs[0]);
    }
  }

  @Test
  void operationStillPendingAndMemoryNeverFreedAreReportedAtShutdown() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      openPipeClient(k32); // connected, and it never writes
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 4, null, ov));

      List<Violation> log = sim.shutdown();

      assertEquals(List.of(OPERATION_PENDING_AT_SHUTDOWN, LEAKED_MEMORY), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("ReadFile #1"), log::toString);
      assertTrue(log.get(1).block().orElseThrow().contains("LocalAlloc(4)"), log::toString);
      assertTrue(log.get(1).allocatedAt().orElseThrow().contains(test), log::toString);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A Structure written back from stale Java fields; the bytes out-parameter

  @Test
  void overlappedStructurePassedByValueAfterCompletionReportsZeroBytes() {
    String test = thisMethod();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("abcd"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(file, buffer, 4, null, ov));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      IntByReference bytes = new IntByReference(-1);

      boolean ok = k32.GetOverlappedResult(file, ov, bytes, true);

      assertTrue(ok);
      assertEquals(0, bytes.getValue(), "the stale Java copy overwrote the 4 the kernel stored");
      List<Violation> log = sim.violations();
      assertEquals(List.of(STALE_OVERLAPPED_WRITE_BACK), kinds(log));
      Violation v = log.get(0);
      assertTrue(v.operation().orElseThrow().startsWith("ReadFile #1"), v::toString);
      assertTrue(v.block().orElseThrow().contains("OVERLAPPED"), v::toString);
      assertTrue(v.allocatedAt().orElseThrow().contains(test), v::toString);
      assertTrue(v.site().contains(test), v::toString);
      k32.LocalFree(buffer);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertEquals(List.of(STALE_OVERLAPPED_WRITE_BACK), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedStructurePassedByValueWithoutWaitingReportsIncomplete() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      assertEquals(1, sim.advanceAll());

      assertFalse(k32.GetOverlappedResult(file, ov, new IntByReference(), false));

      assertEquals(ERROR_IO_INCOMPLETE, k32.GetLastError(), "it completed, but reads as pending");
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(STALE_OVERLAPPED_WRITE_BACK), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedPassedByPointerAfterCompletionReportsTheRealResult() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      assertEquals(1, sim.advanceAll());
      IntByReference bytes = new IntByReference(-1);

      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), bytes, true));

      assertEquals(4, bytes.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void overlappedStructureReadBeforeBeingPassedByValueReportsTheRealResult() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      assertEquals(1, sim.advanceAll());
      IntByReference bytes = new IntByReference(-1);

      ov.read();
      assertTrue(k32.GetOverlappedResult(file, ov, bytes, true));

      assertEquals(4, bytes.getValue());
      assertEquals(STATUS_SUCCESS, ov.Internal);
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void overlappedStructureWithAutoSyncOffReportsTheRealResult() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      assertEquals(1, sim.advanceAll());
      IntByReference bytes = new IntByReference(-1);

      ov.setAutoSynch(false);
      assertTrue(k32.GetOverlappedResult(file, ov, bytes, true));

      assertEquals(4, bytes.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void bytesOutParameterOfAPendingOperationIsRecordedWhenRead() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      IntByReference written = new IntByReference(-1);
      assertFalse(k32.WriteFile(file, data, 4, written, ov));
      assertEquals(1, sim.advanceAll());

      int value = written.getValue();

      assertEquals(0, value, "the kernel never filled it in, even after completion");
      List<Violation> log = sim.violations();
      assertEquals(List.of(BYTES_OUT_PARAM_OF_PENDING_OPERATION), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFile #1"), log::toString);
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(BYTES_OUT_PARAM_OF_PENDING_OPERATION), kinds(sim.shutdown()));
    }
  }

  @Test
  void bytesOutParameterOfASynchronousCompletionHoldsTheCount() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      IntByReference written = new IntByReference(-1);

      assertTrue(k32.WriteFile(file, data, 4, written, ov));

      assertEquals(4, written.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A free on the TRUE path of a handle bound to a port, and the packet that still comes

  @Test
  void freeingOnTheTruePathAndAgainInTheCompletionHandlerIsADoubleFree() {
    String test = thisMethod();
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      Map<Pointer, Memory> buffers = new HashMap<>();
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      buffers.put(ov.getPointer(), data);

      if (k32.WriteFile(file, data, 4, null, ov)) {
        k32.LocalFree(data);
      }
      drainPortFreeingBuffers(k32, port, buffers);

      List<Violation> log = sim.violations();
      assertEquals(List.of(DOUBLE_FREE), kinds(log));
      assertTrue(log.get(0).freedAt().orElseThrow().contains(test), log::toString);
      assertTrue(
          log.get(0).site().contains("ViolationLogTest.drainPortFreeingBuffers"), log::toString);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertEquals(List.of(DOUBLE_FREE), kinds(sim.shutdown()));
    }
  }

  @Test
  void skipCompletionPortOnSuccessWithAFreeOnTheTruePathIsClean() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      k32.SetFileCompletionNotificationModes(file, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
      Map<Pointer, Memory> buffers = new HashMap<>();
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      buffers.put(ov.getPointer(), data);

      if (k32.WriteFile(file, data, 4, null, ov)) {
        buffers.remove(ov.getPointer());
        k32.LocalFree(data);
      }
      drainPortFreeingBuffers(k32, port, buffers);

      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  /** A completion handler that owns the buffers: it frees the one of every packet it dequeues. */
  private static void drainPortFreeingBuffers(
      Kernel32 k32, HANDLE port, Map<Pointer, Memory> buffers) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0)) {
      k32.LocalFree(buffers.get(overlapped.getValue()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Strict mode

  @Test
  void strictModeThrowsFromTheSecondFree() {
    try (Simulation sim = Simulation.builder().strict(true).build()) {
      Kernel32 k32 = sim.kernel32();
      Memory block = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      k32.LocalFree(block);

      OverlappedViolationError error =
          assertThrows(OverlappedViolationError.class, () -> k32.LocalFree(block));

      assertEquals(DOUBLE_FREE, error.violation().kind());
      assertEquals(List.of(DOUBLE_FREE), kinds(sim.violations()), "it is in the log too");
    }
  }

  @Test
  void strictModeThrowsFromTheWriteThatModifiesAPendingBuffer() {
    try (Simulation sim = Simulation.builder().strict(true).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      data.setByte(0, (byte) 'a');

      OverlappedViolationError error =
          assertThrows(OverlappedViolationError.class, () -> data.setByte(0, (byte) 'z'));

      assertEquals(BUFFER_MODIFIED_WHILE_PENDING, error.violation().kind());
      assertEquals(1, sim.advanceAll());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(BUFFER_MODIFIED_WHILE_PENDING), kinds(sim.shutdown()));
    }
  }

  @Test
  void strictModeThrowsFromTheWaitDuringWhichTheKernelWroteIntoFreedMemory() {
    try (Simulation sim = Simulation.builder().strict(true).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("abcd"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(file, buffer, 4, null, ov));
      OverlappedViolationError atFree =
          assertThrows(OverlappedViolationError.class, () -> k32.LocalFree(buffer));
      assertEquals(FREED_WHILE_PENDING, atFree.violation().kind());
      assertFalse(buffer.valid(), "the free happened before the error was thrown");

      OverlappedViolationError atWait =
          assertThrows(
              OverlappedViolationError.class, () -> k32.WaitForSingleObject(event, INFINITE));

      assertEquals(KERNEL_WRITE_TO_FREED, atWait.violation().kind());
      assertEquals(0, sim.pendingOperations());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(sim.shutdown()));
    }
  }

  @Test
  void strictModeThrowsFromAWaitNothingCanSatisfy() {
    try (Simulation sim = Simulation.builder().strict(true).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);

      OverlappedViolationError error =
          assertThrows(
              OverlappedViolationError.class, () -> k32.WaitForSingleObject(event, INFINITE));

      assertEquals(UNSATISFIABLE_WAIT, error.violation().kind());
      k32.CloseHandle(event);
      assertEquals(List.of(UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }

  @Test
  void strictModeLetsACorrectProgramRunToTheEnd() {
    try (Simulation sim = Simulation.builder().strict(true).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      IntByReference bytes = new IntByReference();

      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), bytes, true));

      assertEquals(4, bytes.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** "package.Class.method" of the caller, as it appears in violation sites. */
  private static String thisMethod() {
    return StackWalker.getInstance()
        .walk(frames -> frames.skip(1).findFirst())
        .map(f -> f.getClassName() + "." + f.getMethodName())
        .orElseThrow();
  }

  private static HANDLE openAsync(Kernel32 k32) {
    HANDLE h =
        k32.CreateFile(
            FILE, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_ALWAYS, FILE_FLAG_OVERLAPPED, null);
    assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
    return h;
  }

  private static HANDLE createPipeServer(Kernel32 k32) {
    HANDLE h =
        k32.CreateNamedPipe(
            PIPE,
            PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
            PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT,
            1,
            4096,
            4096,
            0,
            null);
    assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
    return h;
  }

  private static HANDLE openPipeClient(Kernel32 k32) {
    HANDLE h =
        k32.CreateFile(
            PIPE, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, null);
    assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
    return h;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static Memory text(Kernel32 k32, String s) {
    byte[] bytes = ascii(s);
    Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    memory.write(0, bytes, 0, bytes.length);
    return memory;
  }

  private static List<ViolationKind> kinds(List<Violation> violations) {
    return violations.stream().map(Violation::kind).collect(Collectors.toList());
  }

  private static void assertClean(Simulation sim) {
    List<Violation> violations = sim.shutdown();
    assertEquals(
        List.of(),
        kinds(violations),
        () -> violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
  }
}
