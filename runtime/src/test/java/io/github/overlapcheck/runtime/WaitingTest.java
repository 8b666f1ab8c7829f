package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.WinBase.FILE_FLAG_OVERLAPPED;
import static io.github.overlapcheck.runtime.WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_READ;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_WRITE;
import static io.github.overlapcheck.runtime.WinBase.INFINITE;
import static io.github.overlapcheck.runtime.WinBase.OPEN_ALWAYS;
import static io.github.overlapcheck.runtime.WinBase.WAIT_FAILED;
import static io.github.overlapcheck.runtime.WinBase.WAIT_OBJECT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_INVALID_HANDLE;
import static io.github.overlapcheck.runtime.WinError.ERROR_INVALID_PARAMETER;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_INCOMPLETE;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static io.github.overlapcheck.runtime.WinError.ERROR_POSSIBLE_DEADLOCK;
import static io.github.overlapcheck.runtime.WinError.ERROR_SUCCESS;
import static io.github.overlapcheck.runtime.WinError.STATUS_PENDING;
import static io.github.overlapcheck.runtime.WinError.STATUS_SUCCESS;
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
 * Issue 2, behaviour 7: waiting on events (manual and auto reset), file handles and threads, with
 * WaitForSingleObject and WaitForMultipleObjects (any and all), and GetOverlappedResult with and
 * without bWait.
 */
class WaitingTest {
  private static final String FILE = "C:\\data\\waiting.bin";

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
  // Events

  @Test
  void manualResetEventSatisfiesEveryWaitUntilReset() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));

      assertTrue(k32.SetEvent(event));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      assertTrue(k32.ResetEvent(event));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));
      k32.CloseHandle(event);
      assertClean(sim);
    }
  }

  @Test
  void manualResetEventCreatedSignalledIsSignalled() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, true, null);

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      k32.CloseHandle(event);
      assertClean(sim);
    }
  }

  @Test
  void autoResetEventSatisfiesOneWaitAndResets() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, false, true, null);

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));
      k32.SetEvent(event);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));
      k32.CloseHandle(event);
      assertClean(sim);
    }
  }

  @Test
  void autoResetEventReleasesOnlyOneOfTwoWaitingThreads() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, false, false, null);
      List<String> woke = new ArrayList<>();
      HANDLE[] waiting = {
        k32.CreateEvent(null, true, false, null), k32.CreateEvent(null, true, false, null)
      };
      HANDLE a =
          k32.CreateThread("a", () -> woke.add("a:" + waitAfterSaying(k32, waiting[0], event)));
      HANDLE b =
          k32.CreateThread("b", () -> woke.add("b:" + waitAfterSaying(k32, waiting[1], event)));
      assertEquals(WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, waiting, true, INFINITE));
      assertEquals(List.of(), woke, "both threads are blocked on the event");

      k32.SetEvent(event);
      assertEquals(
          WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, new HANDLE[] {a, b}, true, INFINITE));

      assertEquals(List.of("a:0", "b:" + WinBase.WAIT_TIMEOUT), woke);
      assertEquals(50, sim.now());
      for (HANDLE h : new HANDLE[] {a, b, event, waiting[0], waiting[1]}) {
        k32.CloseHandle(h);
      }
      assertClean(sim);
    }
  }

  @Test
  void manualResetEventReleasesEveryWaitingThread() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);
      List<String> woke = new ArrayList<>();
      HANDLE[] waiting = {
        k32.CreateEvent(null, true, false, null), k32.CreateEvent(null, true, false, null)
      };
      HANDLE a =
          k32.CreateThread("a", () -> woke.add("a:" + waitAfterSaying(k32, waiting[0], event)));
      HANDLE b =
          k32.CreateThread("b", () -> woke.add("b:" + waitAfterSaying(k32, waiting[1], event)));
      assertEquals(WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, waiting, true, INFINITE));
      assertEquals(List.of(), woke, "both threads are blocked on the event");

      k32.SetEvent(event);
      assertEquals(
          WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, new HANDLE[] {a, b}, true, INFINITE));

      assertEquals(List.of("a:0", "b:0"), woke);
      assertEquals(0, sim.now());
      for (HANDLE h : new HANDLE[] {a, b, event, waiting[0], waiting[1]}) {
        k32.CloseHandle(h);
      }
      assertClean(sim);
    }
  }

  /** Signals {@code waiting}, then waits up to 50 ms on {@code event}: the thread is blocked. */
  private static int waitAfterSaying(Kernel32 k32, HANDLE waiting, HANDLE event) {
    k32.SetEvent(waiting);
    return k32.WaitForSingleObject(event, 50);
  }

  @Test
  void waitOnAnEventNobodySetsTimesOutOnTheSimulatedClock() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 40));

      assertEquals(40, sim.now());
      k32.CloseHandle(event);
      assertClean(sim);
    }
  }

  @Test
  void waitForAnyReturnsTheLowestSignalledIndexAndConsumesOnlyThatObject() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE unset = k32.CreateEvent(null, false, false, null);
      HANDLE first = k32.CreateEvent(null, false, true, null);
      HANDLE second = k32.CreateEvent(null, false, true, null);
      HANDLE[] handles = {unset, first, second};

      assertEquals(WAIT_OBJECT_0 + 1, k32.WaitForMultipleObjects(3, handles, false, 0));
      assertEquals(WAIT_OBJECT_0 + 2, k32.WaitForMultipleObjects(3, handles, false, 0));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForMultipleObjects(3, handles, false, 0));

      k32.CloseHandle(unset);
      k32.CloseHandle(first);
      k32.CloseHandle(second);
      assertClean(sim);
    }
  }

  @Test
  void waitForAllSucceedsOnlyWhenEveryObjectIsSignalledAndConsumesNothingOtherwise() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE auto = k32.CreateEvent(null, false, true, null);
      HANDLE manual = k32.CreateEvent(null, true, false, null);
      HANDLE[] both = {auto, manual};

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForMultipleObjects(2, both, true, 0));
      assertEquals(
          WAIT_OBJECT_0 + 0,
          k32.WaitForMultipleObjects(1, new HANDLE[] {auto}, true, 0),
          "a wait-all that failed left the auto-reset event signalled");
      k32.SetEvent(auto);
      k32.SetEvent(manual);

      assertEquals(WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, both, true, 0));

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(auto, 0), "auto-reset consumed");
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(manual, 0), "manual-reset stays set");
      k32.CloseHandle(auto);
      k32.CloseHandle(manual);
      assertClean(sim);
    }
  }

  @Test
  void waitForAllReturnsWhenAnotherThreadSignalsTheLastObject() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE first = k32.CreateEvent(null, true, true, null);
      HANDLE last = k32.CreateEvent(null, true, false, null);
      boolean[] setterRan = {false};
      HANDLE setter =
          k32.CreateThread(
              "setter",
              () -> {
                setterRan[0] = true;
                k32.SetEvent(last);
              });

      assertEquals(
          WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, new HANDLE[] {first, last}, true, INFINITE));

      assertTrue(setterRan[0]);
      assertEquals(0, sim.now());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(setter, INFINITE));
      k32.CloseHandle(setter);
      k32.CloseHandle(first);
      k32.CloseHandle(last);
      assertClean(sim);
    }
  }

  @Test
  void waitOnABadHandleFailsWithInvalidHandle() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, true, null);
      k32.CloseHandle(event);

      assertEquals(WAIT_FAILED, k32.WaitForSingleObject(event, 0));

      assertEquals(ERROR_INVALID_HANDLE, k32.GetLastError());
      assertClean(sim);
    }
  }

  @Test
  void waitForAllWithTheSameHandleTwiceFailsWithInvalidParameter() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, true, null);

      int result = k32.WaitForMultipleObjects(2, new HANDLE[] {event, event}, true, 0);

      assertEquals(WAIT_FAILED, result);
      assertEquals(ERROR_INVALID_PARAMETER, k32.GetLastError());
      k32.CloseHandle(event);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // File handles and thread handles

  @Test
  void waitOnAFileHandleReturnsWhenItsOperationCompletes() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(file, 0));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, INFINITE));

      ov.read();
      assertEquals(STATUS_SUCCESS, ov.Internal);
      assertEquals(4, ov.InternalHigh);
      assertEquals(0, sim.pendingOperations());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void waitForAnyOnAnEventAndAFileHandleReportsTheFileWhenItsOperationCompletes() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE neverSet = k32.CreateEvent(null, true, false, null);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      int result = k32.WaitForMultipleObjects(2, new HANDLE[] {neverSet, file}, false, INFINITE);

      assertEquals(WAIT_OBJECT_0 + 1, result);
      assertEquals(0, sim.pendingOperations());
      k32.LocalFree(data);
      k32.CloseHandle(neverSet);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void waitOnAThreadHandleReturnsWhenTheThreadEnds() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      List<String> steps = new ArrayList<>();
      HANDLE thread = k32.CreateThread("worker", () -> steps.add("worker ran"));

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(thread, 0));
      assertEquals(List.of(), steps);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(thread, INFINITE));
      assertEquals(List.of("worker ran"), steps);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(thread, 0), "stays signalled");

      k32.CloseHandle(thread);
      assertClean(sim);
    }
  }

  @Test
  void waitForAnyOnThreadsReportsTheOneThatEnded() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE go = k32.CreateEvent(null, true, false, null);
      HANDLE waiting = k32.CreateThread("waiting", () -> k32.WaitForSingleObject(go, INFINITE));
      HANDLE quick = k32.CreateThread("quick", () -> {});

      int result = k32.WaitForMultipleObjects(2, new HANDLE[] {waiting, quick}, false, INFINITE);

      assertEquals(WAIT_OBJECT_0 + 1, result);
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(waiting, 0));
      k32.SetEvent(go);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(waiting, INFINITE));
      k32.CloseHandle(waiting);
      k32.CloseHandle(quick);
      k32.CloseHandle(go);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // GetOverlappedResult

  @Test
  void getOverlappedResultWithoutWaitReportsIoIncompleteWhilePending() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov.getPointer()));
      IntByReference bytes = new IntByReference(-1);

      assertFalse(k32.GetOverlappedResult(file, ov.getPointer(), bytes, false));

      assertEquals(ERROR_IO_INCOMPLETE, k32.GetLastError());
      assertEquals(1, sim.pendingOperations(), "asking did not complete the operation");
      assertEquals(1, sim.advanceAll());
      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), bytes, false));
      assertEquals(4, bytes.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void getOverlappedResultWithWaitReportsTheResultOfACompletedOrPendingOperation(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcdef");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      ov.write();
      boolean result = k32.WriteFile(file, data, 6, null, ov.getPointer());
      assertEquals(driver.synchronous, result);
      assertEquals(driver.synchronous ? ERROR_SUCCESS : ERROR_IO_PENDING, k32.GetLastError());
      IntByReference bytes = new IntByReference(-1);

      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), bytes, true));

      assertEquals(6, bytes.getValue());
      assertEquals(ERROR_SUCCESS, k32.GetLastError());
      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void getOverlappedResultWithWaitWaitsOnTheOverlappedEventOfThatOperation() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcdefgh");
      HANDLE event1 = k32.CreateEvent(null, true, false, null);
      HANDLE event2 = k32.CreateEvent(null, true, false, null);
      OVERLAPPED first = new OVERLAPPED(k32);
      first.hEvent = event1;
      OVERLAPPED second = new OVERLAPPED(k32);
      second.hEvent = event2;
      second.Offset = 3;
      assertFalse(k32.WriteFile(file, data, 3, null, first));
      assertFalse(k32.WriteFile(file, data.share(3), 5, null, second));
      IntByReference bytes = new IntByReference(-1);

      assertTrue(k32.GetOverlappedResult(file, second.getPointer(), bytes, true));

      assertEquals(5, bytes.getValue(), "the second operation's own count");
      assertEquals(0, sim.pendingOperations());
      assertTrue(k32.GetOverlappedResult(file, first.getPointer(), bytes, false));
      assertEquals(3, bytes.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(event1);
      k32.CloseHandle(event2);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void getOverlappedResultWithAnEventDoesNotNeedTheFileHandleSignalled() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      assertTrue(k32.SetFileCompletionNotificationModes(file, FILE_SKIP_SET_EVENT_ON_HANDLE));
      Memory data = text(k32, "abcd");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      ov.write();
      assertFalse(k32.WriteFile(file, data, 4, null, ov.getPointer()));
      IntByReference bytes = new IntByReference(-1);

      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), bytes, true));

      assertEquals(4, bytes.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void getOverlappedResultWithoutAnEventWaitsOnTheFileHandle() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov.getPointer()));
      IntByReference bytes = new IntByReference(-1);

      assertTrue(k32.GetOverlappedResult(file, ov.getPointer(), bytes, true));

      assertEquals(4, bytes.getValue());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, 0));
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void getOverlappedResultWithoutAnEventNeverReturnsWhenTheHandleIsNeverSignalled() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      assertTrue(k32.SetFileCompletionNotificationModes(file, FILE_SKIP_SET_EVENT_ON_HANDLE));
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov.getPointer()));

      assertFalse(k32.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), true));

      assertEquals(ERROR_POSSIBLE_DEADLOCK, k32.GetLastError());
      assertEquals(List.of(ViolationKind.UNSATISFIABLE_WAIT), kinds(sim.violations()));
      assertEquals(0, sim.pendingOperations(), "the write itself completed meanwhile");
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(ViolationKind.UNSATISFIABLE_WAIT), kinds(sim.shutdown()));
    }
  }

  @Test
  void getOverlappedResultOnTheSecondOfTwoOperationsWithoutEventsReturnsWhenTheFirstCompletes() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "abcdefgh");
      OVERLAPPED first = new OVERLAPPED(k32);
      OVERLAPPED second = new OVERLAPPED(k32);
      second.Offset = 3;
      assertFalse(k32.WriteFile(file, data, 3, null, first));
      assertFalse(k32.WriteFile(file, data.share(3), 5, null, second));
      IntByReference bytes = new IntByReference(-1);

      boolean result = k32.GetOverlappedResult(file, second.getPointer(), bytes, true);

      assertTrue(result, "NT_SUCCESS(STATUS_PENDING): the bogus result looks like success");
      assertEquals(0, bytes.getValue(), "a bogus count: the second write moves 5 bytes");
      assertEquals(1, sim.pendingOperations(), "the second write is still pending");
      second.read();
      assertEquals(STATUS_PENDING, second.Internal);
      List<Violation> log = sim.violations();
      assertEquals(List.of(ViolationKind.RESULT_BEFORE_COMPLETION), kinds(log));
      assertTrue(log.get(0).operation().orElseThrow().startsWith("WriteFile #2"), log::toString);
      assertTrue(
          log.get(0)
              .site()
              .contains(
                  "WaitingTest."
                      + "getOverlappedResultOnTheSecondOfTwoOperationsWithoutEventsReturnsWhen"
                      + "TheFirstCompletes"),
          log.get(0)::site);

      assertEquals(1, sim.advanceAll());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertEquals(List.of(ViolationKind.RESULT_BEFORE_COMPLETION), kinds(sim.shutdown()));
    }
  }

  @Test
  void getOverlappedResultOnABadHandleFailsWithInvalidHandle() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);

      assertFalse(k32.GetOverlappedResult(event, ov.getPointer(), new IntByReference(), false));

      assertEquals(ERROR_INVALID_HANDLE, k32.GetLastError());
      k32.CloseHandle(event);
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
