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
import static io.github.overlapcheck.runtime.WinError.ERROR_BROKEN_PIPE;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_INCOMPLETE;
import static io.github.overlapcheck.runtime.WinError.ERROR_IO_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 2, behaviour 11: pending operations complete when the device is advanced or when every
 * thread would otherwise block; multi-threaded programs run without sleeps; timed waits expire on a
 * simulated clock only when nothing else can happen; runs are reproducible.
 */
class SchedulingTest {
  private static final String FILE = "C:\\data\\scheduling.bin";
  private static final String PIPE = "\\\\.\\pipe\\scheduling";

  // ---------------------------------------------------------------------------------------------
  // The device

  @Test
  void advanceCompletesTheOldestPendingOperationFirst() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      Memory data = text(k32, "abcdef");
      HANDLE event1 = k32.CreateEvent(null, true, false, null);
      HANDLE event2 = k32.CreateEvent(null, true, false, null);
      OVERLAPPED first = new OVERLAPPED(k32);
      first.hEvent = event1;
      OVERLAPPED second = new OVERLAPPED(k32);
      second.hEvent = event2;
      second.Offset = 3;
      assertFalse(k32.WriteFile(file, data, 3, null, first));
      assertFalse(k32.WriteFile(file, data.share(3), 3, null, second));
      assertEquals(2, sim.pendingOperations());

      assertTrue(sim.advance());

      assertEquals(1, sim.pendingOperations());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event1, 0));
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event2, 0));
      assertTrue(sim.advance());
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event2, 0));
      assertFalse(sim.advance(), "nothing left to complete");
      assertEquals(0, sim.now(), "advancing the device takes no simulated time");
      k32.LocalFree(data);
      k32.CloseHandle(event1);
      k32.CloseHandle(event2);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void advanceAllCompletesEveryOperationThatCanCompleteAndReturnsHowMany() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE server = createPipeServer(k32);
      HANDLE client = openAsync(k32, PIPE);
      Memory data = text(k32, "abcdef");
      Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
      OVERLAPPED[] writes = {new OVERLAPPED(k32), new OVERLAPPED(k32), new OVERLAPPED(k32)};
      for (int i = 0; i < 3; i++) {
        int offset = 2 * i;
        writes[i].Offset = offset;
        assertFalse(k32.WriteFile(file, data.share(offset), 2, null, writes[i]));
      }
      OVERLAPPED read = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 4, null, read.getPointer()));

      assertEquals(3, sim.advanceAll(), "the pipe read has no data to complete with");

      assertEquals(1, sim.pendingOperations());
      assertEquals(0, sim.advanceAll());
      OVERLAPPED send = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(client, data, 4, null, send));
      assertEquals(2, sim.advanceAll(), "now the write and the read it feeds");
      IntByReference bytes = new IntByReference();
      assertTrue(k32.GetOverlappedResult(server, read.getPointer(), bytes, false));
      assertEquals(4, bytes.getValue());
      k32.LocalFree(data);
      k32.LocalFree(buffer);
      k32.CloseHandle(file);
      k32.CloseHandle(client);
      k32.CloseHandle(server);
      assertClean(sim);
    }
  }

  @Test
  void pendingOperationsDoNotCompleteWhileNothingBlocks() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      Memory data = text(k32, "abcd");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(event, 0));
      assertFalse(k32.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), false));
      assertEquals(ERROR_IO_INCOMPLETE, k32.GetLastError());
      assertFalse(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), new PointerByReference(), 0));
      assertEquals(0, k32.SleepEx(0, true));
      k32.Sleep(0);

      assertEquals(1, sim.pendingOperations(), "nothing blocked, so the device did not move");
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));
      assertEquals(0, sim.pendingOperations());
      assertTrue(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), new PointerByReference(), 0));
      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void blockingWaitCompletesThePendingOperationWithoutSimulatedTimePassing() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      Memory data = text(k32, "abcd");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.WriteFile(file, data, 4, null, ov));

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, 5000));

      assertEquals(0, sim.now());
      assertEquals(0, sim.pendingOperations());
      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void otherThreadsRunBeforeTheDeviceCompletesAnythingForABlockedWait() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      Memory data = text(k32, "abcd");
      HANDLE event = k32.CreateEvent(null, true, false, null);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      int[] pendingSeenByWorker = {-1};
      HANDLE worker =
          k32.CreateThread("worker", () -> pendingSeenByWorker[0] = sim.pendingOperations());

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(event, INFINITE));

      assertEquals(1, pendingSeenByWorker[0], "the worker ran while the write was still pending");
      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(worker, 0));
      k32.CloseHandle(worker);
      k32.LocalFree(data);
      k32.CloseHandle(event);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Multi-threaded programs, no sleeps

  @Test
  void completionPortLoopOnAnotherThreadHandlesEveryCompletion() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 7, 0);
      Map<Pointer, Memory> owned = new HashMap<>();
      Map<Pointer, Integer> index = new HashMap<>();
      List<String> trace = new ArrayList<>();
      HANDLE loop =
          k32.CreateThread(
              "completion-loop",
              () -> {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                for (int handled = 0; handled < 4; handled++) {
                  assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, INFINITE));
                  Pointer ov = overlapped.getValue();
                  trace.add(
                      "completed #"
                          + index.get(ov)
                          + " key="
                          + key.getValue()
                          + " "
                          + bytes.getValue());
                  k32.LocalFree(owned.remove(ov));
                }
              });
      OVERLAPPED[] ovs = new OVERLAPPED[4];
      int offset = 0;
      for (int i = 0; i < 4; i++) {
        Memory data = text(k32, "x".repeat(i + 1));
        ovs[i] = new OVERLAPPED(k32);
        ovs[i].Offset = offset;
        owned.put(ovs[i].getPointer(), data);
        index.put(ovs[i].getPointer(), i);
        assertFalse(k32.WriteFile(file, data, i + 1, null, ovs[i]));
        assertEquals(ERROR_IO_PENDING, k32.GetLastError());
        trace.add("issued #" + i);
        offset += i + 1;
      }

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(loop, INFINITE));

      assertEquals(
          List.of(
              "issued #0",
              "issued #1",
              "issued #2",
              "issued #3",
              "completed #0 key=7 1",
              "completed #1 key=7 2",
              "completed #2 key=7 3",
              "completed #3 key=7 4"),
          trace);
      assertEquals(Map.of(), owned, "the loop freed every buffer");
      assertEquals("xxxxxxxxxx", new String(sim.fileContents(FILE), StandardCharsets.US_ASCII));
      assertEquals(0, sim.now());
      k32.CloseHandle(loop);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void producerAndConsumerOverAPipeExchangeEveryByteWithoutSleeps() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      List<String> trace = new ArrayList<>();
      String received = exchangeOverPipe(k32, List.of("hello", ", ", "pipe", " world"), trace);

      assertEquals("hello, pipe world", received);
      assertEquals(0, sim.now());
      assertEquals("consumer: end of pipe", trace.get(trace.size() - 1));
      assertClean(sim);
    }
  }

  /**
   * A producer thread writes the messages into the client end and closes it; a consumer thread
   * reads the server end in 4-byte chunks until the pipe breaks. Returns what the consumer got.
   */
  private static String exchangeOverPipe(Kernel32 k32, List<String> messages, List<String> trace) {
    HANDLE server = createPipeServer(k32);
    HANDLE client = openAsync(k32, PIPE);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    HANDLE producer =
        k32.CreateThread(
            "producer",
            () -> {
              HANDLE event = k32.CreateEvent(null, true, false, null);
              OVERLAPPED ov = new OVERLAPPED(k32);
              ov.hEvent = event;
              for (String message : messages) {
                Memory data = text(k32, message);
                boolean done = k32.WriteFile(client, data, message.length(), null, ov);
                if (!done) {
                  assertEquals(ERROR_IO_PENDING, k32.GetLastError());
                }
                IntByReference bytes = new IntByReference();
                assertTrue(k32.GetOverlappedResult(client, ov.getPointer(), bytes, true));
                trace.add("producer: wrote " + bytes.getValue() + (done ? " at once" : ""));
                k32.LocalFree(data);
              }
              k32.CloseHandle(client);
              k32.CloseHandle(event);
            });
    HANDLE consumer =
        k32.CreateThread(
            "consumer",
            () -> {
              Memory buffer = k32.LocalAlloc(LMEM_ZEROINIT, 4);
              HANDLE event = k32.CreateEvent(null, true, false, null);
              OVERLAPPED ov = new OVERLAPPED(k32);
              ov.hEvent = event;
              while (true) {
                boolean done = k32.ReadFile(server, buffer, 4, null, ov);
                IntByReference bytes = new IntByReference();
                if (done || k32.GetLastError() == ERROR_IO_PENDING) {
                  done = k32.GetOverlappedResult(server, ov.getPointer(), bytes, true);
                }
                if (!done) {
                  assertEquals(ERROR_BROKEN_PIPE, k32.GetLastError());
                  trace.add("consumer: end of pipe");
                  break;
                }
                byte[] chunk = buffer.getByteArray(0, bytes.getValue());
                received.write(chunk, 0, chunk.length);
                trace.add("consumer: read " + bytes.getValue());
              }
              k32.LocalFree(buffer);
              k32.CloseHandle(event);
            });
    assertEquals(
        WAIT_OBJECT_0,
        k32.WaitForMultipleObjects(2, new HANDLE[] {producer, consumer}, true, INFINITE));
    k32.CloseHandle(producer);
    k32.CloseHandle(consumer);
    k32.CloseHandle(server);
    return new String(received.toByteArray(), StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------------------------------------
  // The simulated clock

  @Test
  void timedWaitTimesOutOnlyWhenNothingElseCanHappen() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE signalled = k32.CreateEvent(null, true, false, null);
      HANDLE neverSet = k32.CreateEvent(null, true, false, null);
      Memory data = text(k32, "abcd");
      HANDLE setter =
          k32.CreateThread(
              "setter",
              () -> {
                OVERLAPPED ov = new OVERLAPPED(k32);
                assertFalse(k32.WriteFile(file, data, 4, null, ov));
                assertTrue(
                    k32.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), true));
                k32.SetEvent(signalled);
              });

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(signalled, 1000));
      assertEquals(0, sim.now(), "the setter's work and the device went first");
      assertEquals(WinBase.WAIT_TIMEOUT, k32.WaitForSingleObject(neverSet, 1000));
      assertEquals(1000, sim.now());

      assertEquals(WAIT_OBJECT_0, k32.WaitForSingleObject(setter, INFINITE));
      k32.CloseHandle(setter);
      k32.LocalFree(data);
      k32.CloseHandle(signalled);
      k32.CloseHandle(neverSet);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  @Test
  void timedWaitsExpireInDeadlineOrderOnTheSimulatedClock() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      List<String> woke = new ArrayList<>();
      HANDLE slow =
          k32.CreateThread(
              "slow",
              () -> {
                k32.Sleep(100);
                woke.add("slow@" + sim.now());
              });
      HANDLE fast =
          k32.CreateThread(
              "fast",
              () -> {
                k32.Sleep(30);
                woke.add("fast@" + sim.now());
                k32.Sleep(30);
                woke.add("fast@" + sim.now());
              });

      assertEquals(
          WAIT_OBJECT_0, k32.WaitForMultipleObjects(2, new HANDLE[] {slow, fast}, true, 500));

      assertEquals(List.of("fast@30", "fast@60", "slow@100"), woke);
      assertEquals(100, sim.now());
      k32.CloseHandle(slow);
      k32.CloseHandle(fast);
      assertClean(sim);
    }
  }

  @Test
  void dequeueWithATimeoutReturnsThePendingCompletionInsteadOfTimingOut() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 3, 0);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(file, data, 4, null, ov));
      PointerByReference overlapped = new PointerByReference();

      assertTrue(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), overlapped, 1000));

      assertEquals(ov.getPointer(), overlapped.getValue());
      assertEquals(0, sim.now());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      assertClean(sim);
    }
  }

  @Test
  void alertableSleepReturnsForTheCompletionRoutineBeforeItsTimeout() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      Memory data = text(k32, "abcd");
      OVERLAPPED ov = new OVERLAPPED(k32);
      List<Integer> counts = new ArrayList<>();
      assertTrue(k32.WriteFileEx(file, data, 4, ov, (error, bytes, p) -> counts.add(bytes)));

      assertEquals(WAIT_IO_COMPLETION, k32.SleepEx(50, true));

      assertEquals(List.of(4), counts);
      assertEquals(0, sim.now());
      assertEquals(0, k32.SleepEx(50, true), "nothing left: the second sleep runs its course");
      assertEquals(50, sim.now());
      k32.LocalFree(data);
      k32.CloseHandle(file);
      assertClean(sim);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reproducibility

  @Test
  void sameProgramRunTwiceGivesTheIdenticalViolationLogAndOrderOfEvents() {
    List<String> first = runScenario(DriverPolicy.randomFraction(0.5, 2024), true);
    List<String> second = runScenario(DriverPolicy.randomFraction(0.5, 2024), true);

    assertEquals(first, second);
    assertTrue(
        first.stream().anyMatch(line -> line.startsWith("violation DOUBLE_FREE")),
        "the buggy program really produced violations to compare: " + first);
    assertTrue(first.stream().anyMatch(line -> line.contains("at once")), first::toString);
    assertTrue(first.stream().anyMatch(line -> line.contains("pending")), first::toString);
  }

  @Test
  void representativeMultiThreadedScenarioHasTheSameOutcome200TimesInARow() {
    List<String> expected = runScenario(DriverPolicy.randomFraction(0.5, 99), false);
    assertTrue(
        expected.stream().noneMatch(line -> line.startsWith("violation")), expected::toString);

    for (int run = 1; run < 200; run++) {
      List<String> outcome = runScenario(DriverPolicy.randomFraction(0.5, 99), false);
      assertEquals(expected, outcome, "run " + run);
    }
  }

  /**
   * A completion-port loop on one thread, writes issued from the main thread, and a producer and
   * consumer over a pipe. With {@code buggy}, the main thread also frees a buffer when a write
   * returns TRUE, which the loop frees again. Returns the events in order, then the violations.
   */
  private static List<String> runScenario(DriverPolicy policy, boolean buggy) {
    List<String> trace = new ArrayList<>();
    try (Simulation sim = Simulation.builder().driver(policy).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE file = openAsync(k32, FILE);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 0);
      Map<Pointer, Memory> owned = new HashMap<>();
      int writes = 6;
      HANDLE loop =
          k32.CreateThread(
              "completion-loop",
              () -> {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                for (int handled = 0; handled < writes; handled++) {
                  k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, INFINITE);
                  trace.add("loop: packet of " + bytes.getValue() + " at " + sim.now());
                  k32.LocalFree(owned.get(overlapped.getValue()));
                }
              });
      int offset = 0;
      for (int i = 1; i <= writes; i++) {
        Memory data = text(k32, "w".repeat(i));
        OVERLAPPED ov = new OVERLAPPED(k32);
        ov.Offset = offset;
        owned.put(ov.getPointer(), data);
        boolean done = k32.WriteFile(file, data, i, null, ov);
        trace.add("main: write of " + i + (done ? " at once" : " pending"));
        if (done && buggy) {
          k32.LocalFree(data);
        }
        offset += i;
      }
      String received = exchangeOverPipe(k32, List.of("one", "two", "three"), trace);
      trace.add("main: pipe delivered " + received);
      k32.WaitForSingleObject(loop, INFINITE);
      trace.add("main: done at " + sim.now());
      k32.CloseHandle(loop);
      k32.CloseHandle(file);
      k32.CloseHandle(port);
      for (Violation v : sim.shutdown()) {
        trace.add("violation " + v);
      }
    }
    return trace;
  }

  // ---------------------------------------------------------------------------------------------

  private static HANDLE openAsync(Kernel32 k32, String name) {
    HANDLE h =
        k32.CreateFile(
            name,
            GENERIC_READ | GENERIC_WRITE,
            0,
            null,
            name.startsWith("\\\\") ? OPEN_EXISTING : OPEN_ALWAYS,
            FILE_FLAG_OVERLAPPED,
            null);
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
