package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.WinBase.FILE_FLAG_OVERLAPPED;
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
import static io.github.overlapcheck.runtime.WinBase.WAIT_OBJECT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_ABANDONED_WAIT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_BROKEN_PIPE;
import static io.github.overlapcheck.runtime.WinError.ERROR_INVALID_HANDLE;
import static io.github.overlapcheck.runtime.WinError.ERROR_INVALID_PARAMETER;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static io.github.overlapcheck.runtime.WinError.ERROR_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 2, behaviour 6 (completion ports): creating a port and associating files with a key,
 * dequeuing with a timeout, failed operations, posting, and closing the port.
 */
class CompletionPortTest {
  private static final String FILE = "C:\\data\\port.bin";
  private static final String PIPE = "\\\\.\\pipe\\port-test";

  @Test
  void createIoCompletionPortWithInvalidHandleValueCreatesAPort() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();

      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);

      assertNotNull(port);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, port);
      assertTrue(k32.PostQueuedCompletionStatus(port, 1, 2, null));
      assertTrue(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), new PointerByReference(), 0));
      assertTrue(k32.CloseHandle(port));
      assertClean(sim);
    }
  }

  @Test
  void associatedFilesDeliverTheirCompletionsUnderTheirOwnKeys() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      HANDLE first = openAsync(k32, "C:\\data\\first.bin");
      HANDLE second = openAsync(k32, "C:\\data\\second.bin");

      assertEquals(port, k32.CreateIoCompletionPort(first, port, 101, 0));
      assertEquals(port, k32.CreateIoCompletionPort(second, port, 202, 0));

      Memory data = text(k32, "abcdefgh");
      OVERLAPPED ov1 = new OVERLAPPED(k32);
      OVERLAPPED ov2 = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(second, data, 3, null, ov2));
      assertFalse(k32.WriteFile(first, data, 8, null, ov1));
      List<String> packets = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        packets.add(dequeue(k32, port, INFINITE));
      }

      assertEquals(
          List.of(
              "TRUE key=202 bytes=3 " + ov2.getPointer(),
              "TRUE key=101 bytes=8 " + ov1.getPointer()),
          packets);
      k32.LocalFree(data);
      k32.CloseHandle(first);
      k32.CloseHandle(second);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void associatingWithoutAnExistingPortCreatesANewPortForTheFile() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);

      HANDLE port = k32.CreateIoCompletionPort(file, null, 9, 0);

      assertNotNull(port);
      assertNotEquals(file, port);
      Memory data = text(k32, "xyz");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 3, null, ov));
      assertEquals("TRUE key=9 bytes=3 " + ov.getPointer(), dequeue(k32, port, INFINITE));
      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void associatingASynchronousHandleFailsWithInvalidParameter() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      HANDLE file =
          k32.CreateFile(FILE, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_ALWAYS, 0, null);

      assertNull(k32.CreateIoCompletionPort(file, port, 1, 0));
      assertEquals(ERROR_INVALID_PARAMETER, k32.GetLastError());

      Memory data = text(k32, "xyz");
      assertTrue(k32.WriteFile(file, data, 3, null, (OVERLAPPED) null));
      assertEquals("FALSE error=258 overlapped=null", dequeue(k32, port, 0), "no packet");
      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void associatingAFileThatIsAlreadyBoundFails() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      HANDLE other = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);

      assertNull(k32.CreateIoCompletionPort(file, other, 2, 0));
      assertEquals(ERROR_INVALID_PARAMETER, k32.GetLastError());

      Memory data = text(k32, "xyz");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 3, null, ov));
      assertEquals("TRUE key=1 bytes=3 " + ov.getPointer(), dequeue(k32, port, INFINITE));
      assertEquals("FALSE error=258 overlapped=null", dequeue(k32, other, 0));
      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      k32.CloseHandle(other);
      assertClean(sim);
    }
  }

  @Test
  void getQueuedCompletionStatusTimesOutWithWaitTimeoutAndANullOverlapped() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      OVERLAPPED stale = new OVERLAPPED(k32);
      PointerByReference overlapped = new PointerByReference();
      overlapped.setValue(stale.getPointer());

      boolean dequeued =
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), overlapped, 25);

      assertFalse(dequeued);
      assertEquals(WinError.WAIT_TIMEOUT, k32.GetLastError());
      assertNull(overlapped.getValue(), "the OVERLAPPED out-parameter is set to NULL");
      assertEquals(25, sim.now(), "the timeout elapsed on the simulated clock");
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void getQueuedCompletionStatusWithZeroTimeoutReturnsAtOnce() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);

      assertEquals("FALSE error=258 overlapped=null", dequeue(k32, port, 0));

      assertEquals(0, sim.now());
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void failedOperationIsDequeuedAsFalseWithItsOverlappedAndError() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      HANDLE port = k32.CreateIoCompletionPort(server, null, 33, 0);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 16);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 16, null, ov));
      assertEquals(ERROR_IO_PENDING, k32.GetLastError());

      k32.CloseHandle(client);

      IntByReference bytes = new IntByReference(-1);
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference overlapped = new PointerByReference();
      assertFalse(k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, INFINITE));
      assertEquals(ERROR_BROKEN_PIPE, k32.GetLastError());
      assertEquals(ov.getPointer(), overlapped.getValue(), "a failed operation's OVERLAPPED");
      assertEquals(33, key.getValue());
      assertEquals(0, bytes.getValue());
      k32.LocalFree(buffer);
      k32.CloseHandle(server);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void postQueuedCompletionStatusDeliversExactlyTheGivenValuesInOrder() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      OVERLAPPED ov = new OVERLAPPED(k32);

      assertTrue(k32.PostQueuedCompletionStatus(port, 42, 0xABCL, ov.getPointer()));
      assertTrue(k32.PostQueuedCompletionStatus(port, 7, 0xDEFL, null));

      assertEquals("TRUE key=2748 bytes=42 " + ov.getPointer(), dequeue(k32, port, 0));
      assertEquals("TRUE key=3567 bytes=7 null", dequeue(k32, port, 0));
      assertEquals("FALSE error=258 overlapped=null", dequeue(k32, port, 0));
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void postedPacketWakesAThreadBlockedInGetQueuedCompletionStatus() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      HANDLE blocked = k32.CreateEvent(null, true, false, null);
      List<String> got = new ArrayList<>();
      HANDLE worker =
          k32.CreateThread(
              "consumer",
              () -> {
                k32.SetEvent(blocked);
                got.add(dequeue(k32, port, INFINITE));
              });
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(blocked, INFINITE));
      assertEquals(List.of(), got, "the consumer is blocked in GetQueuedCompletionStatus");

      assertTrue(k32.PostQueuedCompletionStatus(port, 5, 6, null));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(worker, INFINITE));

      assertEquals(List.of("TRUE key=6 bytes=5 null"), got);
      k32.CloseHandle(worker);
      k32.CloseHandle(blocked);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void closingThePortWakesABlockedDequeueWithAbandonedWait() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      HANDLE blocked = k32.CreateEvent(null, true, false, null);
      List<String> got = new ArrayList<>();
      HANDLE worker =
          k32.CreateThread(
              "consumer",
              () -> {
                k32.SetEvent(blocked);
                got.add(dequeue(k32, port, INFINITE));
              });
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(blocked, INFINITE));

      assertTrue(k32.CloseHandle(port));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(worker, INFINITE));

      assertEquals(List.of("FALSE error=" + ERROR_ABANDONED_WAIT_0 + " overlapped=null"), got);
      k32.CloseHandle(worker);
      k32.CloseHandle(blocked);
      assertClean(sim);
    }
  }

  @Test
  void dequeueFromAClosedPortFailsWithInvalidHandle() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      assertTrue(k32.CloseHandle(port));

      assertEquals(
          "FALSE error=" + ERROR_INVALID_HANDLE + " overlapped=null", dequeue(k32, port, 0));
      assertFalse(k32.PostQueuedCompletionStatus(port, 1, 1, null));
      assertEquals(ERROR_INVALID_HANDLE, k32.GetLastError());
      assertClean(sim);
    }
  }

  @Test
  void closingThePortWithPacketsNobodyDequeuedRecordsEachOne() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      Memory data = text(k32, "xyz");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 3, null, ov));
      assertEquals(1, sim.advanceAll());
      assertTrue(k32.PostQueuedCompletionStatus(port, 0, 0, null));

      assertTrue(k32.CloseHandle(port));

      List<Violation> log = sim.violations();
      assertEquals(
          List.of(
              ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED,
              ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED),
          kinds(log));
      assertTrue(log.get(0).message().contains("WriteFile"), log.get(0)::toString);
      assertTrue(log.get(1).message().contains("PostQueuedCompletionStatus"), log.get(1)::toString);
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(kinds(log), kinds(sim.shutdown()), "nothing more at shutdown");
    }
  }

  @Test
  void completionForAFileWhosePortWasClosedIsRecordedAsNeverDequeued() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      Memory data = text(k32, "xyz");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.WriteFile(file, data, 3, null, ov));
      assertTrue(k32.CloseHandle(port));
      assertEquals(List.of(), sim.violations());

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));

      assertEquals(
          List.of(ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED), kinds(sim.violations()));
      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertEquals(List.of(ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousCompletionOfABoundFileIsDequeuedWithItsKey() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 55, 0);
      Memory data = text(k32, "xyz");
      OVERLAPPED ov = new OVERLAPPED(k32);

      assertTrue(k32.WriteFile(file, data, 3, null, ov));
      assertEquals(ERROR_SUCCESS, k32.GetLastError());

      assertEquals("TRUE key=55 bytes=3 " + ov.getPointer(), dequeue(k32, port, 0));
      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Dequeues one packet and describes it the way a completion loop would see it. */
  private static String dequeue(Kernel32 k32, HANDLE port, int timeout) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    if (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeout)) {
      return "TRUE key="
          + key.getValue()
          + " bytes="
          + bytes.getValue()
          + " "
          + overlapped.getValue();
    }
    return "FALSE error=" + k32.GetLastError() + " overlapped=" + overlapped.getValue();
  }

  private static HANDLE openAsync(Kernel32 k32, String name) {
    HANDLE h =
        k32.CreateFile(
            name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_ALWAYS, FILE_FLAG_OVERLAPPED, null);
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

  private static Memory text(Kernel32 k32, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
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
