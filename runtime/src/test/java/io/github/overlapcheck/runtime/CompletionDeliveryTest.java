package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.WinBase.FILE_FLAG_OVERLAPPED;
import static io.github.overlapcheck.runtime.WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.github.overlapcheck.runtime.WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_READ;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_WRITE;
import static io.github.overlapcheck.runtime.WinBase.INFINITE;
import static io.github.overlapcheck.runtime.WinBase.LMEM_ZEROINIT;
import static io.github.overlapcheck.runtime.WinBase.OPEN_ALWAYS;
import static io.github.overlapcheck.runtime.WinBase.WAIT_IO_COMPLETION;
import static io.github.overlapcheck.runtime.WinBase.WAIT_OBJECT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static io.github.overlapcheck.runtime.WinError.ERROR_SUCCESS;
import static io.github.overlapcheck.runtime.WinError.STATUS_PENDING;
import static io.github.overlapcheck.runtime.WinError.STATUS_SUCCESS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 2, behaviour 5: completion is delivered the same way whether the call returned TRUE or went
 * pending, through the OVERLAPPED, its event, the file handle, the completion routine and the
 * completion port, as modified by SetFileCompletionNotificationModes.
 */
class CompletionDeliveryTest {
  private static final String FILE = "C:\\data\\delivery.bin";

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

  /** The alertable waits during which queued completion routines run. */
  enum AlertableWait {
    SLEEP_EX {
      @Override
      int await(Kernel32 k32, HANDLE neverSet) {
        return k32.SleepEx(INFINITE, true);
      }
    },
    WAIT_FOR_SINGLE_OBJECT_EX {
      @Override
      int await(Kernel32 k32, HANDLE neverSet) {
        return k32.WaitForSingleObjectEx(neverSet, INFINITE, true);
      }
    },
    WAIT_FOR_MULTIPLE_OBJECTS_EX {
      @Override
      int await(Kernel32 k32, HANDLE neverSet) {
        return k32.WaitForMultipleObjectsEx(1, new HANDLE[] {neverSet}, false, INFINITE, true);
      }
    };

    abstract int await(Kernel32 k32, HANDLE neverSet);
  }

  static Stream<Arguments> driversAndAlertableWaits() {
    return Arrays.stream(Driver.values())
        .flatMap(d -> Arrays.stream(AlertableWait.values()).map(w -> Arguments.of(d, w)));
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionStoresStatusByteCountAndDataInTheOverlapped(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile(FILE, ascii("hello, world"));
      HANDLE file = openAsync(k32);
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 16);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Offset = 7;

      boolean result = k32.ReadFile(file, buffer, 5, null, ov);

      assertStarted(k32, driver, result);
      if (!driver.synchronous) {
        assertEquals(STATUS_PENDING, ov.Internal, "Internal holds STATUS_PENDING while pending");
      }
      finish(sim, driver);
      ov.read();
      assertEquals(STATUS_SUCCESS, ov.Internal);
      assertEquals(5, ov.InternalHigh);
      assertArrayEquals(ascii("world"), buffer.getByteArray(0, 5));

      k32.LocalFree(buffer);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionSignalsTheOverlappedEvent(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;

      boolean result = k32.WriteFile(file, data, 5, null, ov);

      assertStarted(k32, driver, result);
      if (!driver.synchronous) {
        assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));
      }
      finish(sim, driver);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));

      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void startingAnOperationResetsTheOverlappedEvent() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      HANDLE event = k32.CreateEvent(null, true, true, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;

      assertFalse(k32.WriteFile(file, data, 5, null, ov));

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));
      assertEquals(1, sim.advanceAll());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));

      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionSignalsTheFileHandle(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      OVERLAPPED ov = new OVERLAPPED(k32);

      boolean result = k32.WriteFile(file, data, 5, null, ov);

      assertStarted(k32, driver, result);
      if (!driver.synchronous) {
        assertEquals(
            WinBase.WAIT_TIMEOUT,
            k32.WaitForSingleObject(file, 0),
            "the handle is non-signalled while its operation runs");
      }
      finish(sim, driver);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, 0));

      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void startingAnOperationResetsTheFileHandleToNonSignalled() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "1234567890");
      OVERLAPPED first = new OVERLAPPED(k32);
      OVERLAPPED second = new OVERLAPPED(k32);
      second.Offset = 5;
      assertFalse(k32.WriteFile(file, data, 5, null, first));
      assertEquals(1, sim.advanceAll());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, 0));

      assertFalse(k32.WriteFile(file, data.share(5), 5, null, second));

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(file, 0));
      assertEquals(1, sim.advanceAll());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, 0));

      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void synchronousCompletionSignalsTheHandleWhileAnEarlierOperationIsStillPending() {
    DriverPolicy firstPendingThenSynchronous =
        DriverPolicy.script(DriverPolicy.alwaysSynchronous(), false);
    try (Simulation sim = Simulation.builder().driver(firstPendingThenSynchronous).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "1234567890");
      OVERLAPPED first = new OVERLAPPED(k32);
      OVERLAPPED second = new OVERLAPPED(k32);
      second.Offset = 5;
      assertFalse(k32.WriteFile(file, data, 5, null, first));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(file, 0));

      assertTrue(k32.WriteFile(file, data.share(5), 5, null, second));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(file, 0));
      assertEquals(1, sim.pendingOperations(), "the first write is still pending");
      assertEquals(1, sim.advanceAll());

      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void skipSetEventOnHandleLeavesTheHandleUnsignalledButStillSetsTheOverlappedEvent(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      assertTrue(k32.SetFileCompletionNotificationModes(file, FILE_SKIP_SET_EVENT_ON_HANDLE));
      Memory data = text(k32, "12345");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;

      boolean result = k32.WriteFile(file, data, 5, null, ov);

      assertStarted(k32, driver, result);
      finish(sim, driver);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(file, 0));
      ov.read();
      assertEquals(STATUS_SUCCESS, ov.Internal);

      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @MethodSource("driversAndAlertableWaits")
  void completionRoutineRunsOnlyDuringAnAlertableWait(Driver driver, AlertableWait wait) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      HANDLE neverSet = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      List<String> calls = new ArrayList<>();

      assertTrue(
          k32.WriteFileEx(
              file, data, 5, ov, (error, bytes, p) -> calls.add(error + "/" + bytes + "/" + p)));
      assertEquals(ERROR_SUCCESS, k32.GetLastError());

      finish(sim, driver);
      assertEquals(List.of(), calls, "completion alone does not run the routine");
      k32.Sleep(10);
      assertEquals(List.of(), calls, "a non-alertable wait does not run the routine");

      assertEquals(WAIT_IO_COMPLETION, wait.await(k32, neverSet));

      assertEquals(List.of("0/5/" + ov.getPointer()), calls);
      k32.LocalFree(data);
      k32.CloseHandle(neverSet);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void nonAlertableWaitsNeverRunCompletionRoutines(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      HANDLE set = k32.CreateEvent(null, true, true, null);
      HANDLE unset = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      int[] runs = {0};

      assertTrue(k32.WriteFileEx(file, data, 5, ov, (error, bytes, p) -> runs[0]++));

      assertEquals(
          WAIT_OBJECT_0,
          k32.WaitForSingleObject(file, INFINITE),
          "a blocking wait on the handle lets the write complete");
      assertEquals(0, k32.SleepEx(10, false));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(unset, 10));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObjectEx(unset, 10, false));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObjectEx(set, INFINITE, false));
      assertEquals(
          WinBase.WAIT_TIMEOUT,
          k32.WaitForMultipleObjectsEx(2, new HANDLE[] {set, unset}, true, 10, false));
      assertEquals(0, runs[0]);
      assertEquals(40, sim.now(), "each timed wait really timed out");

      assertEquals(WAIT_IO_COMPLETION, k32.SleepEx(0, true));
      assertEquals(1, runs[0]);

      k32.LocalFree(data);
      k32.CloseHandle(set);
      k32.CloseHandle(unset);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void alertableWaitOnAnAlreadySignalledObjectReturnsItWithoutRunningRoutines() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      HANDLE set = k32.CreateEvent(null, true, true, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      int[] runs = {0};
      assertTrue(k32.WriteFileEx(file, data, 5, ov, (error, bytes, p) -> runs[0]++));
      assertEquals(1, sim.advanceAll());

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObjectEx(set, INFINITE, true));

      assertEquals(0, runs[0], "the wait never blocked, so no routine ran");
      assertEquals(WAIT_IO_COMPLETION, k32.SleepEx(0, true));
      assertEquals(1, runs[0]);
      k32.LocalFree(data);
      k32.CloseHandle(set);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionRoutineIsQueuedToTheIssuingThreadOnly(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE mainThread = k32.GetCurrentThread();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      OVERLAPPED ov = new OVERLAPPED(k32);
      List<HANDLE> ranOn = new ArrayList<>();
      assertTrue(
          k32.WriteFileEx(
              file, data, 5, ov, (error, bytes, p) -> ranOn.add(k32.GetCurrentThread())));
      finish(sim, driver);
      int[] otherThreadsWait = {-1};

      HANDLE other = k32.CreateThread("other", () -> otherThreadsWait[0] = k32.SleepEx(50, true));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(other, INFINITE));

      assertEquals(0, otherThreadsWait[0], "another thread's alertable sleep just times out");
      assertEquals(List.of(), ranOn);
      assertEquals(WAIT_IO_COMPLETION, k32.SleepEx(0, true));
      assertEquals(List.of(mainThread), ranOn);

      k32.CloseHandle(other);
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionRoutineOfAnOperationIssuedByAnotherThreadRunsOnThatThread(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      Memory data = text(k32, "12345");
      OVERLAPPED ov = new OVERLAPPED(k32);
      List<HANDLE> ranOn = new ArrayList<>();
      HANDLE[] issuer = new HANDLE[1];
      int[] issuerWait = {-1};

      HANDLE worker =
          k32.CreateThread(
              "issuer",
              () -> {
                issuer[0] = k32.GetCurrentThread();
                k32.WriteFileEx(
                    file, data, 5, ov, (error, bytes, p) -> ranOn.add(k32.GetCurrentThread()));
                issuerWait[0] = k32.SleepEx(INFINITE, true);
              });
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(worker, INFINITE));

      assertEquals(WAIT_IO_COMPLETION, issuerWait[0]);
      assertNotNull(issuer[0]);
      assertEquals(List.of(issuer[0]), ranOn);
      assertNotEquals(k32.GetCurrentThread(), issuer[0]);

      k32.CloseHandle(worker);
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void completionQueuesAPacketToTheBoundPort(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 77, 0);
      assertNotNull(port);
      Memory data = text(k32, "12345");
      OVERLAPPED ov = new OVERLAPPED(k32);

      boolean result = k32.WriteFile(file, data, 5, null, ov);

      assertStarted(k32, driver, result);
      finish(sim, driver);
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference overlapped = new PointerByReference();
      assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0));
      assertEquals(5, bytes.getValue());
      assertEquals(77, key.getValue());
      assertEquals(ov.getPointer(), overlapped.getValue());
      assertFalse(
          k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0), "exactly one packet");
      assertEquals(WinError.WAIT_TIMEOUT, k32.GetLastError());

      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void synchronousSuccessStillQueuesPacketToBoundPort() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      Memory data = text(k32, "12345");
      OVERLAPPED ov = new OVERLAPPED(k32);

      assertTrue(k32.WriteFile(file, data, 5, null, ov));
      assertEquals(ERROR_SUCCESS, k32.GetLastError());

      PointerByReference overlapped = new PointerByReference();
      assertTrue(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), overlapped, 0));
      assertEquals(ov.getPointer(), overlapped.getValue());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void skipCompletionPortOnSuccessSuppressesThePacketOnlyForSynchronousSuccess(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 5, 0);
      assertTrue(
          k32.SetFileCompletionNotificationModes(file, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
      Memory data = text(k32, "12345");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;

      boolean result = k32.WriteFile(file, data, 5, null, ov);

      assertStarted(k32, driver, result);
      finish(sim, driver);
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 0), "the event is still set");
      PointerByReference overlapped = new PointerByReference();
      boolean dequeued =
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), overlapped, 0);
      if (driver.synchronous) {
        assertFalse(dequeued, "no packet for a synchronous success");
        assertEquals(WinError.WAIT_TIMEOUT, k32.GetLastError());
        assertNull(overlapped.getValue());
      } else {
        assertTrue(dequeued, "a pending operation still posts its packet");
        assertEquals(ov.getPointer(), overlapped.getValue());
      }

      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void skipCompletionPortOnSuccessDecidesPerOperationByHowItCompleted() {
    DriverPolicy syncThenPending = DriverPolicy.script(DriverPolicy.alwaysPending(), true, false);
    try (Simulation sim = Simulation.builder().driver(syncThenPending).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 5, 0);
      k32.SetFileCompletionNotificationModes(file, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
      Memory data = text(k32, "1234567890");
      OVERLAPPED first = new OVERLAPPED(k32);
      OVERLAPPED second = new OVERLAPPED(k32);
      second.Offset = 5;

      assertTrue(k32.WriteFile(file, data, 5, null, first));
      assertFalse(k32.WriteFile(file, data.share(5), 5, null, second));
      assertEquals(ERROR_IO_PENDING, k32.GetLastError());

      PointerByReference overlapped = new PointerByReference();
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, INFINITE));
      assertEquals(second.getPointer(), overlapped.getValue());
      assertFalse(k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0));
      assertEquals(WinError.WAIT_TIMEOUT, k32.GetLastError());

      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void completionNotificationsAreTheSameWhetherTheCallReturnedTrueOrWentPending() {
    List<String> synchronous = observeEveryNotification(Driver.SYNCHRONOUS);
    List<String> pending = observeEveryNotification(Driver.PENDING);

    assertEquals("returned TRUE", synchronous.get(0));
    assertEquals("returned FALSE/997", pending.get(0));
    assertEquals(synchronous.subList(1, synchronous.size()), pending.subList(1, pending.size()));
    assertEquals(
        List.of(
            "Internal=0",
            "InternalHigh=5",
            "event=0",
            "handle=0",
            "packet=true/5/9",
            "routine=0/3"),
        synchronous.subList(1, synchronous.size()));
  }

  /** One write through every notification path at once; what the program observes of it. */
  private static List<String> observeEveryNotification(Driver driver) {
    List<String> seen = new ArrayList<>();
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 9, 0);
      Memory data = text(k32, "12345");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      boolean result = k32.WriteFile(file, data, 5, null, ov);
      seen.add(result ? "returned TRUE" : "returned FALSE/" + k32.GetLastError());
      finish(sim, driver);
      ov.read();
      seen.add("Internal=" + ov.Internal);
      seen.add("InternalHigh=" + ov.InternalHigh);
      seen.add("event=" + k32.WaitForSingleObject(event, 0));
      seen.add("handle=" + k32.WaitForSingleObject(file, 0));
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference overlapped = new PointerByReference();
      boolean dequeued = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0);
      assertEquals(ov.getPointer(), overlapped.getValue());
      seen.add("packet=" + dequeued + "/" + bytes.getValue() + "/" + key.getValue());

      HANDLE other = openAsync(k32, "C:\\data\\routine.bin");
      OVERLAPPED exOv = new OVERLAPPED(k32);
      List<String> routine = new ArrayList<>();
      assertTrue(k32.WriteFileEx(other, data, 3, exOv, (e, n, p) -> routine.add(e + "/" + n)));
      finish(sim, driver);
      k32.SleepEx(0, true);
      seen.add("routine=" + String.join(",", routine));

      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(other);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
    return seen;
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertStarted(Kernel32 k32, Driver driver, boolean result) {
    if (driver.synchronous) {
      assertTrue(result, "the driver completed the request before the call returned");
      assertEquals(ERROR_SUCCESS, k32.GetLastError());
    } else {
      assertFalse(result, "the request went pending");
      assertEquals(ERROR_IO_PENDING, k32.GetLastError());
    }
  }

  /** Lets the device finish what is pending: nothing for a synchronous driver. */
  private static void finish(Simulation sim, Driver driver) {
    assertEquals(driver.synchronous ? 0 : 1, sim.advanceAll());
  }

  private static HANDLE openAsync(Kernel32 k32) {
    return openAsync(k32, FILE);
  }

  private static HANDLE openAsync(Kernel32 k32, String name) {
    HANDLE h =
        k32.CreateFile(
            name, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_ALWAYS, FILE_FLAG_OVERLAPPED, null);
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

  private static void assertClean(Simulation sim) {
    List<Violation> violations = sim.shutdown();
    assertEquals(
        List.of(),
        violations.stream().map(Violation::kind).collect(Collectors.toList()),
        () -> violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
  }
}
