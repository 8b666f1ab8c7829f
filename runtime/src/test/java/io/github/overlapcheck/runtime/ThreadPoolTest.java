package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.WinBase.FILE_FLAG_OVERLAPPED;
import static io.github.overlapcheck.runtime.WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_READ;
import static io.github.overlapcheck.runtime.WinBase.GENERIC_WRITE;
import static io.github.overlapcheck.runtime.WinBase.INFINITE;
import static io.github.overlapcheck.runtime.WinBase.OPEN_ALWAYS;
import static io.github.overlapcheck.runtime.WinBase.WAIT_OBJECT_0;
import static io.github.overlapcheck.runtime.WinError.ERROR_INVALID_PARAMETER;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static io.github.overlapcheck.runtime.WinError.ERROR_SUCCESS;
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
 * Issue 2, behaviour 6 (thread pool): BindIoCompletionCallback makes a pool thread call the
 * callback once per completion on the handle, synchronous completions included.
 */
class ThreadPoolTest {
  private static final String FILE = "C:\\data\\pool.bin";

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

  @ParameterizedTest
  @EnumSource(Driver.class)
  void poolThreadCallsTheCallbackOncePerCompletion(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE mainThread = k32.GetCurrentThread();
      HANDLE file = openAsync(k32);
      HANDLE allDone = k32.CreateEvent(null, true, false, null);
      List<String> calls = new ArrayList<>();
      List<HANDLE> threads = new ArrayList<>();
      assertTrue(
          k32.BindIoCompletionCallback(
              file,
              (error, bytes, overlapped) -> {
                calls.add(error + "/" + bytes + "/" + overlapped);
                threads.add(k32.GetCurrentThread());
                if (calls.size() == 3) {
                  k32.SetEvent(allDone);
                }
              },
              0));
      Memory data = text(k32, "abcdefghi");
      OVERLAPPED[] ovs = {new OVERLAPPED(k32), new OVERLAPPED(k32), new OVERLAPPED(k32)};
      int[] lengths = {2, 3, 4};
      int offset = 0;
      for (int i = 0; i < 3; i++) {
        ovs[i].Offset = offset;
        boolean result = k32.WriteFile(file, data.share(offset), lengths[i], null, ovs[i]);
        assertEquals(driver.synchronous, result);
        assertEquals(driver.synchronous ? ERROR_SUCCESS : ERROR_IO_PENDING, k32.GetLastError());
        offset += lengths[i];
      }

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(allDone, INFINITE));

      assertEquals(
          List.of(
              "0/2/" + ovs[0].getPointer(),
              "0/3/" + ovs[1].getPointer(),
              "0/4/" + ovs[2].getPointer()),
          calls);
      assertEquals(1, threads.stream().distinct().count(), "one pool thread");
      assertNotEquals(mainThread, threads.get(0), "the callback runs on a pool thread");
      k32.LocalFree(data);
      k32.CloseHandle(allDone);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void callbackRunsEvenWhenTheCallReturnedTrue() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE done = k32.CreateEvent(null, true, false, null);
      int[] calls = {0};
      assertTrue(
          k32.BindIoCompletionCallback(
              file,
              (error, bytes, overlapped) -> {
                calls[0]++;
                k32.SetEvent(done);
              },
              0));
      Memory data = text(k32, "abc");
      OVERLAPPED ov = new OVERLAPPED(k32);

      assertTrue(k32.WriteFile(file, data, 3, null, ov));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(done, INFINITE));

      assertEquals(1, calls[0]);
      k32.LocalFree(data);
      k32.CloseHandle(done);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void callbackThatFreesTheResourcesIsTheOnlyOwnerAndRunsClean(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE done = k32.CreateEvent(null, true, false, null);
      Memory data = text(k32, "abc");
      Arena frame = k32.openArena();
      OVERLAPPED ov = new OVERLAPPED(frame);
      assertTrue(
          k32.BindIoCompletionCallback(
              file,
              (error, bytes, overlapped) -> {
                k32.LocalFree(data);
                frame.close();
                k32.SetEvent(done);
              },
              0));

      boolean result = k32.WriteFile(file, data, 3, null, ov.getPointer());
      assertEquals(driver.synchronous, result, "whatever the result, the callback frees");

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(done, INFINITE));
      assertFalse(data.valid());
      k32.CloseHandle(done);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void skipCompletionPortOnSuccessSkipsTheCallbackOnlyForSynchronousSuccess(Driver driver) {
    try (Simulation sim = Simulation.builder().driver(driver.policy()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE done = k32.CreateEvent(null, true, false, null);
      int[] calls = {0};
      assertTrue(
          k32.BindIoCompletionCallback(
              file,
              (error, bytes, overlapped) -> {
                calls[0]++;
                k32.SetEvent(done);
              },
              0));
      assertTrue(
          k32.SetFileCompletionNotificationModes(file, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS));
      Memory data = text(k32, "abc");
      OVERLAPPED ov = new OVERLAPPED(k32);

      assertEquals(driver.synchronous, k32.WriteFile(file, data, 3, null, ov));
      int waited = k32.WaitForSingleObject(done, 100);

      if (driver.synchronous) {
        assertEquals(WinBase.WAIT_TIMEOUT, waited, "no callback for a synchronous success");
        assertEquals(0, calls[0]);
      } else {
        assertEquals(WAIT_OBJECT_0, waited);
        assertEquals(1, calls[0]);
      }
      k32.LocalFree(data);
      k32.CloseHandle(done);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void bindingASynchronousHandleFailsWithInvalidParameter() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file =
          k32.CreateFile(FILE, GENERIC_READ | GENERIC_WRITE, 0, null, OPEN_ALWAYS, 0, null);

      assertFalse(k32.BindIoCompletionCallback(file, (error, bytes, overlapped) -> {}, 0));

      assertEquals(ERROR_INVALID_PARAMETER, k32.GetLastError());
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void bindingAHandleThatIsAlreadyBoundFails() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      HANDLE other = openAsync(k32, "C:\\data\\other.bin");
      assertTrue(k32.BindIoCompletionCallback(other, (error, bytes, overlapped) -> {}, 0));

      assertFalse(k32.BindIoCompletionCallback(file, (error, bytes, overlapped) -> {}, 0));
      assertEquals(ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertFalse(k32.BindIoCompletionCallback(other, (error, bytes, overlapped) -> {}, 0));
      assertEquals(ERROR_INVALID_PARAMETER, k32.GetLastError());

      k32.CloseHandle(file);
      k32.CloseHandle(other);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void callbacksForTwoBoundFilesEachGoToTheirOwnFunction() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE first = openAsync(k32);
      HANDLE second = openAsync(k32, "C:\\data\\second.bin");
      HANDLE done = k32.CreateEvent(null, true, false, null);
      List<String> calls = new ArrayList<>();
      k32.BindIoCompletionCallback(first, (e, n, p) -> calls.add("first " + n), 0);
      k32.BindIoCompletionCallback(
          second,
          (e, n, p) -> {
            calls.add("second " + n);
            k32.SetEvent(done);
          },
          0);
      Memory data = text(k32, "abcde");
      OVERLAPPED ov1 = new OVERLAPPED(k32);
      OVERLAPPED ov2 = new OVERLAPPED(k32);

      assertFalse(k32.WriteFile(first, data, 2, null, ov1));
      assertFalse(k32.WriteFile(second, data, 5, null, ov2));
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(done, INFINITE));

      assertEquals(List.of("first 2", "second 5"), calls);
      k32.LocalFree(data);
      k32.CloseHandle(done);
      k32.CloseHandle(first);
      k32.CloseHandle(second);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------

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

  private static Memory text(Kernel32 k32, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
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
