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
import static io.github.overlapcheck.runtime.WinBase.WAIT_IO_COMPLETION;
import static io.github.overlapcheck.runtime.WinBase.WAIT_OBJECT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_INVALID_HANDLE;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static io.github.overlapcheck.runtime.WinError.ERROR_NOT_FOUND;
import static io.github.overlapcheck.runtime.WinError.ERROR_OPERATION_ABORTED;
import static io.github.overlapcheck.runtime.WinError.ERROR_SUCCESS;
import static io.github.overlapcheck.runtime.WinError.STATUS_CANCELLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 2, behaviour 8: CancelIo (the calling thread's operations only), CancelIoEx (any thread's:
 * all, or one OVERLAPPED), CancelSynchronousIo (a thread's blocked synchronous call), closing a
 * handle with operations pending; aborted operations still complete, with ERROR_OPERATION_ABORTED,
 * through every notification path.
 */
class CancellationTest {
  private static final String FILE = "C:\\data\\cancel.bin";
  private static final String PIPE = "\\\\.\\pipe\\cancel-test";

  /** Ways to abort a pending read on a handle. */
  enum Abort {
    CANCEL_IO {
      @Override
      boolean abort(Kernel32 k32, HANDLE handle, OVERLAPPED ov) {
        return k32.CancelIo(handle);
      }
    },
    CANCEL_IO_EX_ALL {
      @Override
      boolean abort(Kernel32 k32, HANDLE handle, OVERLAPPED ov) {
        return k32.CancelIoEx(handle, (Pointer) null);
      }
    },
    CANCEL_IO_EX_ONE {
      @Override
      boolean abort(Kernel32 k32, HANDLE handle, OVERLAPPED ov) {
        return k32.CancelIoEx(handle, ov.getPointer());
      }
    },
    CLOSE_HANDLE {
      @Override
      boolean abort(Kernel32 k32, HANDLE handle, OVERLAPPED ov) {
        return k32.CloseHandle(handle);
      }
    };

    abstract boolean abort(Kernel32 k32, HANDLE handle, OVERLAPPED ov);

    boolean closes() {
      return this == CLOSE_HANDLE;
    }

    /** What the violation log says at the end: closing with work pending is recorded. */
    List<ViolationKind> expectedLog() {
      return closes() ? List.of(ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO) : List.of();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Who is cancelled

  @Test
  void cancelIoCancelsOnlyTheCallingThreadsOperationsOnTheHandle() {
    List<String> outcome =
        cancelWithTwoThreadsIssuing((k32, file, mine, theirs) -> k32.CancelIo(file));

    assertEquals(List.of("main: FALSE/995/0", "worker: TRUE/0/4"), outcome);
  }

  @Test
  void cancelIoExWithoutAnOverlappedCancelsEveryThreadsOperations() {
    List<String> outcome =
        cancelWithTwoThreadsIssuing(
            (k32, file, mine, theirs) -> k32.CancelIoEx(file, (Pointer) null));

    assertEquals(List.of("main: FALSE/995/0", "worker: FALSE/995/0"), outcome);
  }

  @Test
  void cancelIoExWithAnOverlappedCancelsThatOperationEvenWhenAnotherThreadIssuedIt() {
    List<String> outcome =
        cancelWithTwoThreadsIssuing(
            (k32, file, mine, theirs) -> k32.CancelIoEx(file, theirs.getPointer()));

    assertEquals(List.of("main: TRUE/0/3", "worker: FALSE/995/0"), outcome);
  }

  /** What the main thread does to cancel, with its own and the worker's OVERLAPPED. */
  @FunctionalInterface
  interface CancelStep {
    boolean cancel(Kernel32 k32, HANDLE file, OVERLAPPED mine, OVERLAPPED theirs);
  }

  /**
   * A worker thread writes 4 bytes and the main thread 3 bytes on one handle, both pending; the
   * main thread cancels; then each thread collects its own result with GetOverlappedResult. Returns
   * "thread: result/error/bytes" for main, then worker.
   */
  private static List<String> cancelWithTwoThreadsIssuing(CancelStep step) {
    List<String> outcome = new ArrayList<>();
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcdefg");
      HANDLE issued = k32.CreateEvent(null, true, false, null);
      HANDLE collect = k32.CreateEvent(null, true, false, null);
      HANDLE theirEvent = k32.CreateEvent(null, true, false, null);
      OVERLAPPED theirs = new OVERLAPPED(k32);
      theirs.hEvent = theirEvent;
      theirs.Offset = 3;
      String[] workerResult = new String[1];
      HANDLE worker =
          k32.CreateThread(
              "worker",
              () -> {
                boolean started = k32.WriteFile(file, data.share(3), 4, null, theirs);
                assertFalse(started);
                assertEquals(ERROR_IO_PENDING, k32.GetLastError());
                k32.SetEvent(issued);
                k32.WaitForSingleObject(collect, INFINITE);
                workerResult[0] = "worker: " + result(k32, file, theirs);
              });
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(issued, INFINITE));
      HANDLE myEvent = k32.CreateEvent(null, true, false, null);
      OVERLAPPED mine = new OVERLAPPED(k32);
      mine.hEvent = myEvent;
      assertFalse(k32.WriteFile(file, data, 3, null, mine));
      assertEquals(2, sim.pendingOperations());

      assertTrue(step.cancel(k32, file, mine, theirs));
      assertEquals(ERROR_SUCCESS, k32.GetLastError());

      outcome.add("main: " + result(k32, file, mine));
      k32.SetEvent(collect);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(worker, INFINITE));
      outcome.add(workerResult[0]);
      assertEquals(0, sim.pendingOperations());
      k32.LocalFree(data);
      for (HANDLE h : new HANDLE[] {issued, collect, theirEvent, myEvent, worker, file}) {
        k32.CloseHandle(h);
      }
      assertClean(sim);
    }
    return outcome;
  }

  private static String result(Kernel32 k32, HANDLE file, OVERLAPPED ov) {
    IntByReference bytes = new IntByReference(-1);
    boolean ok = k32.GetOverlappedResult(file, ov.getPointer(), bytes, true);
    return (ok ? "TRUE" : "FALSE") + "/" + (ok ? 0 : k32.GetLastError()) + "/" + bytes.getValue();
  }

  @Test
  void cancelIoExReportsNotFoundWhenNothingMatches() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abc");
      OVERLAPPED pending = new OVERLAPPED(k32);
      OVERLAPPED unused = new OVERLAPPED(k32);

      assertFalse(k32.CancelIoEx(file, (Pointer) null), "nothing pending at all");
      assertEquals(ERROR_NOT_FOUND, k32.GetLastError());
      assertFalse(k32.WriteFile(file, data, 3, null, pending));
      assertFalse(k32.CancelIoEx(file, unused.getPointer()), "not this OVERLAPPED");
      assertEquals(ERROR_NOT_FOUND, k32.GetLastError());

      IntByReference bytes = new IntByReference();
      assertTrue(k32.GetOverlappedResult(file, pending.getPointer(), bytes, true));
      assertEquals(3, bytes.getValue(), "the other operation was not cancelled");
      assertFalse(k32.CancelIoEx(file, pending.getPointer()), "already completed");
      assertEquals(ERROR_NOT_FOUND, k32.GetLastError());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void cancelSynchronousIoAbortsAThreadsBlockedSynchronousCall() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server =
          k32.CreateNamedPipe(
              PIPE,
              PIPE_ACCESS_DUPLEX,
              PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT,
              1,
              4096,
              4096,
              0,
              null);
      HANDLE client =
          k32.CreateFile(PIPE, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_EXISTING, 0, null);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, client);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      HANDLE aboutToRead = k32.CreateEvent(null, true, false, null);
      List<String> reader = new ArrayList<>();
      HANDLE thread =
          k32.CreateThread(
              "reader",
              () -> {
                k32.SetEvent(aboutToRead);
                boolean ok = k32.ReadFile(server, buffer, 8, null, (OVERLAPPED) null);
                reader.add(ok + "/" + k32.GetLastError());
              });
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(aboutToRead, INFINITE));
      assertEquals(List.of(), reader, "the reader is blocked in ReadFile");

      assertTrue(k32.CancelSynchronousIo(thread));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(thread, INFINITE));
      assertEquals(List.of("false/" + ERROR_OPERATION_ABORTED), reader);
      k32.LocalFree(buffer);
      for (HANDLE h : new HANDLE[] {aboutToRead, thread, client, server}) {
        k32.CloseHandle(h);
      }
      assertClean(sim);
    }
  }

  @Test
  void cancelSynchronousIoReportsNotFoundWhenTheThreadIsNotInASynchronousCall() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE go = k32.CreateEvent(null, true, false, null);
      HANDLE blocked = k32.CreateEvent(null, true, false, null);
      HANDLE thread =
          k32.CreateThread(
              "waiter",
              () -> {
                k32.SetEvent(blocked);
                k32.WaitForSingleObject(go, INFINITE);
              });
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(blocked, INFINITE));

      assertFalse(k32.CancelSynchronousIo(thread), "it waits on an event, not in I/O");
      assertEquals(ERROR_NOT_FOUND, k32.GetLastError());

      k32.SetEvent(go);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(thread, INFINITE));
      assertFalse(k32.CancelSynchronousIo(thread), "it has ended");
      assertEquals(ERROR_NOT_FOUND, k32.GetLastError());
      k32.CloseHandle(go);
      k32.CloseHandle(blocked);
      k32.CloseHandle(thread);
      assertClean(sim);
    }
  }

  @Test
  void operationsOfAThreadThatEndsAreCancelled() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      HANDLE reader =
          k32.CreateThread("reader", () -> k32.ReadFile(server, buffer, 8, null, ov.getPointer()));
      ov.write();
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(reader, INFINITE));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));

      assertFalse(k32.GetOverlappedResult(server, ov.getPointer(), new IntByReference(), false));
      assertEquals(ERROR_OPERATION_ABORTED, k32.GetLastError());
      k32.LocalFree(buffer);
      for (HANDLE h : new HANDLE[] {event, reader, server, client}) {
        k32.CloseHandle(h);
      }
      assertClean(sim);
    }
  }

  @Test
  void operationsOfAThreadThatEndsOnAHandleBoundToAPortStayPending() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      HANDLE port = k32.CreateIoCompletionPort(server, null, 4, 0);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      OVERLAPPED ov = new OVERLAPPED(k32);
      HANDLE reader =
          k32.CreateThread("reader", () -> k32.ReadFile(server, buffer, 8, null, ov.getPointer()));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(reader, INFINITE));
      assertEquals(1, sim.pendingOperations());

      Memory data = k32.LocalAlloc(LMEM_ZEROINIT, 3);
      OVERLAPPED send = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(client, data, 3, null, send));

      IntByReference bytes = new IntByReference(-1);
      PointerByReference overlapped = new PointerByReference();
      assertTrue(
          k32.GetQueuedCompletionStatus(
              port, bytes, new ULONG_PTRByReference(), overlapped, INFINITE));
      assertEquals(ov.getPointer(), overlapped.getValue());
      assertEquals(3, bytes.getValue(), "the read survived its thread and got the data");
      assertEquals(0, sim.pendingOperations(), "the client's write completed first");
      k32.LocalFree(buffer);
      k32.LocalFree(data);
      for (HANDLE h : new HANDLE[] {reader, server, client, port}) {
        k32.CloseHandle(h);
      }
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Aborted operations still complete, through every notification path

  @ParameterizedTest
  @EnumSource(Abort.class)
  void abortedOperationSignalsItsEventWithCancelledStatusAndZeroBytes(Abort abort) {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov));
      assertEquals(ERROR_IO_PENDING, k32.GetLastError());

      assertTrue(abort.abort(k32, server, ov));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      ov.read();
      assertEquals(STATUS_CANCELLED, ov.Internal);
      assertEquals(0, ov.InternalHigh);
      if (!abort.closes()) {
        assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(server, 0), "the handle is signalled");
        IntByReference bytes = new IntByReference(-1);
        assertFalse(k32.GetOverlappedResult(server, ov.getPointer(), bytes, false));
        assertEquals(ERROR_OPERATION_ABORTED, k32.GetLastError());
        assertEquals(0, bytes.getValue());
        k32.CloseHandle(server);
      }
      k32.LocalFree(buffer);
      k32.CloseHandle(event);
      k32.CloseHandle(client);
      assertLogAtShutdown(sim, abort.expectedLog());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Abort.class,
      names = {"CANCEL_IO", "CANCEL_IO_EX_ALL", "CANCEL_IO_EX_ONE"})
  void getOverlappedResultWithWaitReportsOperationAborted(Abort abort) {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov.getPointer()));

      assertTrue(abort.abort(k32, server, ov));

      IntByReference bytes = new IntByReference(-1);
      assertFalse(k32.GetOverlappedResult(server, ov.getPointer(), bytes, true));
      assertEquals(ERROR_OPERATION_ABORTED, k32.GetLastError());
      assertEquals(0, bytes.getValue());
      k32.LocalFree(buffer);
      k32.CloseHandle(server);
      k32.CloseHandle(client);
      assertClean(sim);
    }
  }

  @Test
  void getOverlappedResultAfterClosingTheHandleFailsWithInvalidHandle() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov));

      assertTrue(k32.CloseHandle(server));

      assertFalse(k32.GetOverlappedResult(server, ov.getPointer(), new IntByReference(), false));
      assertEquals(ERROR_INVALID_HANDLE, k32.GetLastError());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      k32.LocalFree(buffer);
      k32.CloseHandle(event);
      k32.CloseHandle(client);
      assertLogAtShutdown(sim, List.of(ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO));
    }
  }

  @ParameterizedTest
  @EnumSource(Abort.class)
  void abortedOperationPostsAPacketThatDequeuesAsOperationAborted(Abort abort) {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      HANDLE port = k32.CreateIoCompletionPort(server, null, 12, 0);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov));

      assertTrue(abort.abort(k32, server, ov));

      IntByReference bytes = new IntByReference(-1);
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference overlapped = new PointerByReference();
      assertFalse(k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, INFINITE));
      assertEquals(ERROR_OPERATION_ABORTED, k32.GetLastError());
      assertEquals(ov.getPointer(), overlapped.getValue());
      assertEquals(12, key.getValue());
      assertEquals(0, bytes.getValue());
      k32.LocalFree(buffer);
      if (!abort.closes()) {
        k32.CloseHandle(server);
      }
      k32.CloseHandle(client);
      k32.CloseHandle(port);
      assertLogAtShutdown(sim, abort.expectedLog());
    }
  }

  @ParameterizedTest
  @EnumSource(Abort.class)
  void abortedOperationRunsItsCompletionRoutineWithOperationAborted(Abort abort) {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      OVERLAPPED ov = new OVERLAPPED(k32);
      List<String> calls = new ArrayList<>();
      assertTrue(
          k32.ReadFileEx(
              server,
              buffer,
              8,
              ov,
              (error, bytes, p) -> calls.add(error + "/" + bytes + "/" + p)));

      assertTrue(abort.abort(k32, server, ov));

      assertEquals(WAIT_IO_COMPLETION, k32.SleepEx(INFINITE, true));
      assertEquals(List.of(ERROR_OPERATION_ABORTED + "/0/" + ov.getPointer()), calls);
      k32.LocalFree(buffer);
      if (!abort.closes()) {
        k32.CloseHandle(server);
      }
      k32.CloseHandle(client);
      assertLogAtShutdown(sim, abort.expectedLog());
    }
  }

  @ParameterizedTest
  @EnumSource(Abort.class)
  void abortedOperationCallsThePoolCallbackWithOperationAborted(Abort abort) {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      HANDLE done = k32.CreateEvent(null, true, false, null);
      List<String> calls = new ArrayList<>();
      assertTrue(
          k32.BindIoCompletionCallback(
              server,
              (error, bytes, p) -> {
                calls.add(error + "/" + bytes + "/" + p);
                k32.SetEvent(done);
              },
              0));
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov));

      assertTrue(abort.abort(k32, server, ov));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(done, INFINITE));
      assertEquals(List.of(ERROR_OPERATION_ABORTED + "/0/" + ov.getPointer()), calls);
      k32.LocalFree(buffer);
      if (!abort.closes()) {
        k32.CloseHandle(server);
      }
      k32.CloseHandle(client);
      k32.CloseHandle(done);
      assertLogAtShutdown(sim, abort.expectedLog());
    }
  }

  @Test
  void closingAHandleWithPendingOperationsRecordsItWithTheOperation() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 8);
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov));

      assertTrue(k32.CloseHandle(server));

      List<Violation> log = sim.violations();
      assertEquals(List.of(ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("ReadFile #1"), log::toString);
      assertTrue(
          log.get(0)
              .site()
              .contains(
                  "CancellationTest.closingAHandleWithPendingOperationsRecordsItWithTheOperation"),
          log.get(0)::site);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      k32.LocalFree(buffer);
      k32.CloseHandle(event);
      k32.CloseHandle(client);
      assertLogAtShutdown(sim, List.of(ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO));
    }
  }

  @Test
  void freeingRightAfterCancelIoExWithoutAwaitingTheAbortedCompletionIsFreeWhilePending() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Arena frame = k32.openArena();
      Memory buffer = frame.allocate(8);
      OVERLAPPED ov = new OVERLAPPED(frame);
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov.getPointer()));
      assertTrue(k32.CancelIoEx(server, ov.getPointer()));

      frame.close();
      assertEquals(1, sim.advanceAll(), "the aborted read still completes, into freed memory");

      List<Violation> log = sim.violations();
      assertEquals(
          List.of(
              ViolationKind.FREED_WHILE_PENDING,
              ViolationKind.FREED_WHILE_PENDING,
              ViolationKind.KERNEL_WRITE_TO_FREED),
          kinds(log));
      assertTrue(log.get(2).message().contains("completion status"), log.get(2)::toString);
      assertTrue(log.get(2).block().orElseThrow().contains("OVERLAPPED"), log.get(2)::toString);
      k32.CloseHandle(server);
      k32.CloseHandle(client);
      assertEquals(kinds(log), kinds(sim.shutdown()));
    }
  }

  @Test
  void freeingAfterAwaitingTheAbortedCompletionIsClean() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32);
      HANDLE client = openPipeClient(k32);
      Arena frame = k32.openArena();
      Memory buffer = frame.allocate(8);
      OVERLAPPED ov = new OVERLAPPED(frame);
      assertFalse(k32.ReadFile(server, buffer, 8, null, ov.getPointer()));
      assertTrue(k32.CancelIoEx(server, ov.getPointer()));

      assertFalse(k32.GetOverlappedResult(server, ov.getPointer(), new IntByReference(), true));
      assertEquals(ERROR_OPERATION_ABORTED, k32.GetLastError());
      frame.close();

      k32.CloseHandle(server);
      k32.CloseHandle(client);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------

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

  private static Memory text(Kernel32 k32, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    memory.write(0, bytes, 0, bytes.length);
    return memory;
  }

  private static List<ViolationKind> kinds(List<Violation> violations) {
    return violations.stream().map(Violation::kind).collect(Collectors.toList());
  }

  private static void assertLogAtShutdown(Simulation sim, List<ViolationKind> expected) {
    List<Violation> violations = sim.shutdown();
    assertEquals(
        expected,
        kinds(violations),
        () -> violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
  }

  private static void assertClean(Simulation sim) {
    assertLogAtShutdown(sim, List.of());
  }
}
