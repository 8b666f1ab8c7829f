package io.github.overlapcheck.samples;

import static io.github.overlapcheck.runtime.ViolationKind.BUFFER_MODIFIED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.BYTES_OUT_PARAM_OF_PENDING_OPERATION;
import static io.github.overlapcheck.runtime.ViolationKind.COMPLETION_ROUTINE_NEVER_RAN;
import static io.github.overlapcheck.runtime.ViolationKind.DOUBLE_FREE;
import static io.github.overlapcheck.runtime.ViolationKind.FREED_WHILE_PENDING;
import static io.github.overlapcheck.runtime.ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO;
import static io.github.overlapcheck.runtime.ViolationKind.KERNEL_READ_FROM_FREED;
import static io.github.overlapcheck.runtime.ViolationKind.KERNEL_WRITE_TO_FREED;
import static io.github.overlapcheck.runtime.ViolationKind.LEAKED_MEMORY;
import static io.github.overlapcheck.runtime.ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE;
import static io.github.overlapcheck.runtime.ViolationKind.OFFSET_NOT_ADVANCED;
import static io.github.overlapcheck.runtime.ViolationKind.RESULT_BEFORE_COMPLETION;
import static io.github.overlapcheck.runtime.ViolationKind.STALE_OVERLAPPED_WRITE_BACK;
import static io.github.overlapcheck.runtime.ViolationKind.UNSATISFIABLE_WAIT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.runtime.DriverPolicy;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Simulation;
import io.github.overlapcheck.runtime.Violation;
import io.github.overlapcheck.runtime.ViolationKind;
import io.github.overlapcheck.runtime.WinBase;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs every sample on the reference runtime: each buggy program produces exactly the violations
 * its rule predicts, and its fixed version runs clean and computes the right result. The driver
 * policy is chosen to take the path the bug needs; fixed programs are run under both.
 */
class SamplesOnRuntimeTest {
  private static final String PIPE = "\\\\.\\pipe\\samples";

  /** The two ways a driver can answer every request. */
  private enum Driver {
    /** {@link DriverPolicy#alwaysSynchronous()}: calls return TRUE. */
    SYNCHRONOUS,
    /** {@link DriverPolicy#alwaysPending()}: calls return FALSE with ERROR_IO_PENDING. */
    PENDING;

    Simulation simulation() {
      DriverPolicy policy =
          this == SYNCHRONOUS ? DriverPolicy.alwaysSynchronous() : DriverPolicy.alwaysPending();
      return Simulation.builder().driver(policy).build();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // FreedBeforeCompletionPacket

  @Test
  void buggyFreedBeforeCompletionPacketProducesDoubleFree() {
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      var log =
          new io.github.overlapcheck.samples.buggy.FreedBeforeCompletionPacketSample(
              sim.kernel32(), "C:\\logs\\app.log");
      log.append("started");
      log.append("ready");
      log.close();
      String written = text(sim.fileContents("C:\\logs\\app.log"));
      List<Violation> violations = sim.shutdown();
      assertKinds(List.of(DOUBLE_FREE, DOUBLE_FREE), violations, Driver.SYNCHRONOUS);
      assertTrue(violations.get(0).block().orElseThrow().contains("LocalAlloc"));
      assertEquals("started\nready\n", written);
    }
  }

  @Test
  void fixedFreedBeforeCompletionPacketRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        var log =
            new io.github.overlapcheck.samples.fixed.FreedBeforeCompletionPacketSample(
                sim.kernel32(), "C:\\logs\\app.log");
        log.append("started");
        log.append("ready");
        log.close();
        String written = text(sim.fileContents("C:\\logs\\app.log"));
        assertKinds(List.of(), sim.shutdown(), driver);
        assertEquals("started\nready\n", written, driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // LocalOverlappedEscapes: an arena (C stack frame, FFM arena) closed while the read is pending

  @Test
  void buggyLocalOverlappedEscapesProducesFreedWhilePendingThenKernelWriteToFreed() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var sensor =
            new io.github.overlapcheck.samples.buggy.LocalOverlappedEscapesSample(k32, PIPE);
        assertNull(sensor.readMeasurement(100));
        writePipe(k32, server, "21.5C\n");
        assertEquals(1, sim.advanceAll(), "the abandoned read was still pending");
        sensor.close();
        k32.CloseHandle(server);
        assertKinds(
            List.of(
                FREED_WHILE_PENDING, // the measurement buffer
                FREED_WHILE_PENDING, // the OVERLAPPED
                KERNEL_WRITE_TO_FREED, // the late measurement, into the buffer
                KERNEL_WRITE_TO_FREED), // its status and byte count, into the OVERLAPPED
            sim.shutdown(),
            driver);
      }
    }
  }

  @Test
  void fixedLocalOverlappedEscapesRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var sensor =
            new io.github.overlapcheck.samples.fixed.LocalOverlappedEscapesSample(k32, PIPE);
        assertNull(sensor.readMeasurement(100));
        writePipe(k32, server, "21.5C\n");
        assertEquals(0, sim.advanceAll(), "no read left behind");
        assertEquals("21.5C\n", sensor.readMeasurement(100), driver.name());
        sensor.close();
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // LocalOverlappedEscapes: a byte[] marshalled by JNA to a temporary freed when ReadFile returns

  @Test
  void buggyLocalOverlappedEscapesJnaArrayProducesFreedWhilePendingThenKernelWriteToFreed() {
    try (Simulation sim = Driver.PENDING.simulation()) {
      byte[] settings = settingsFile();
      sim.putFile("C:\\app\\settings.ini", settings);
      var loader =
          new io.github.overlapcheck.samples.buggy.LocalOverlappedEscapesJnaArraySample(
              sim.kernel32(), "C:\\app\\settings.ini");
      byte[] loaded = loader.readAll();
      loader.close();
      assertKinds(
          List.of(
              FREED_WHILE_PENDING, // JNA's copy of the array, chunk 1
              KERNEL_WRITE_TO_FREED,
              FREED_WHILE_PENDING, // chunk 2
              KERNEL_WRITE_TO_FREED),
          sim.shutdown(),
          Driver.PENDING);
      assertArrayEquals(new byte[settings.length], loaded, "the data went to freed memory");
    }
  }

  @Test
  void fixedLocalOverlappedEscapesJnaArrayRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        byte[] settings = settingsFile();
        sim.putFile("C:\\app\\settings.ini", settings);
        var loader =
            new io.github.overlapcheck.samples.fixed.LocalOverlappedEscapesJnaArraySample(
                sim.kernel32(), "C:\\app\\settings.ini");
        byte[] loaded = loader.readAll();
        loader.close();
        assertKinds(List.of(), sim.shutdown(), driver);
        assertArrayEquals(settings, loaded, driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WaitOnSharedFileHandle

  @Test
  void buggyWaitOnSharedFileHandleProducesResultBeforeCompletion() {
    try (Simulation sim = Driver.PENDING.simulation()) {
      sim.putFile("C:\\db\\pages.dat", pageFile());
      var pages =
          new io.github.overlapcheck.samples.buggy.WaitOnSharedFileHandleSample(
              sim.kernel32(), "C:\\db\\pages.dat");
      byte[][] read = pages.readHeaderAndRoot(3L * PAGE);
      assertArrayEquals(page('H'), read[0]);
      assertEquals(0, read[1].length, "the root page came back empty");
      assertEquals(1, sim.advanceAll(), "the root read was still pending");
      pages.close();
      assertKinds(List.of(RESULT_BEFORE_COMPLETION), sim.shutdown(), Driver.PENDING);
    }
  }

  @Test
  void fixedWaitOnSharedFileHandleRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        sim.putFile("C:\\db\\pages.dat", pageFile());
        var pages =
            new io.github.overlapcheck.samples.fixed.WaitOnSharedFileHandleSample(
                sim.kernel32(), "C:\\db\\pages.dat");
        byte[][] read = pages.readHeaderAndRoot(3L * PAGE);
        assertEquals(0, sim.advanceAll(), driver.name());
        pages.close();
        assertKinds(List.of(), sim.shutdown(), driver);
        assertArrayEquals(page('H'), read[0], driver.name());
        assertArrayEquals(page('R'), read[1], driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // MissingOverlappedOffset

  @Test
  void buggyMissingOverlappedOffsetProducesOffsetNotAdvanced() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        var audit =
            new io.github.overlapcheck.samples.buggy.MissingOverlappedOffsetSample(
                sim.kernel32(), "C:\\audit.log");
        audit.append("login alice\n");
        audit.append("login bob\n");
        audit.append("logout alice\n");
        audit.close();
        String written = text(sim.fileContents("C:\\audit.log"));
        assertKinds(List.of(OFFSET_NOT_ADVANCED, OFFSET_NOT_ADVANCED), sim.shutdown(), driver);
        assertEquals("logout alice\n", written, "each record overwrote the one before");
      }
    }
  }

  @Test
  void fixedMissingOverlappedOffsetRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        var audit =
            new io.github.overlapcheck.samples.fixed.MissingOverlappedOffsetSample(
                sim.kernel32(), "C:\\audit.log");
        audit.append("login alice\n");
        audit.append("login bob\n");
        audit.append("logout alice\n");
        audit.close();
        String written = text(sim.fileContents("C:\\audit.log"));
        assertKinds(List.of(), sim.shutdown(), driver);
        assertEquals("login alice\nlogin bob\nlogout alice\n", written, driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // PendingTreatedAsFailure

  @Test
  void buggyPendingTreatedAsFailureProducesFreedWhilePendingThenKernelReadFromFreed() {
    try (Simulation sim = Driver.PENDING.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var sender =
          new io.github.overlapcheck.samples.buggy.PendingTreatedAsFailureSample(k32, PIPE);
      IOException failure = assertThrows(IOException.class, () -> sender.send("order 42\n"));
      assertTrue(failure.getMessage().endsWith("error 997"), failure.getMessage());
      assertEquals(1, sim.advanceAll(), "the write the sender gave up on was under way");
      assertEquals("order 42\n", readPipe(k32, server, 64), "delivered although reported failed");
      sender.close();
      k32.CloseHandle(server);
      assertKinds(
          List.of(FREED_WHILE_PENDING, KERNEL_READ_FROM_FREED), sim.shutdown(), Driver.PENDING);
    }
  }

  @Test
  void fixedPendingTreatedAsFailureRunsClean() throws IOException {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var sender =
            new io.github.overlapcheck.samples.fixed.PendingTreatedAsFailureSample(k32, PIPE);
        sender.send("order 42\n");
        assertEquals("order 42\n", readPipe(k32, server, 64), driver.name());
        sender.close();
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ModifiedWhilePending

  @Test
  void buggyModifiedWhilePendingProducesBufferModifiedWhilePending() {
    try (Simulation sim = Driver.PENDING.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var telemetry =
          new io.github.overlapcheck.samples.buggy.ModifiedWhilePendingSample(k32, PIPE);
      telemetry.send("cpu=10\n");
      telemetry.send("cpu=99\n");
      telemetry.close();
      assertEquals("cpu=99\ncpu=99\n", readPipe(k32, server, 64), "the first line was overwritten");
      k32.CloseHandle(server);
      assertKinds(List.of(BUFFER_MODIFIED_WHILE_PENDING), sim.shutdown(), Driver.PENDING);
    }
  }

  @Test
  void fixedModifiedWhilePendingRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var telemetry =
            new io.github.overlapcheck.samples.fixed.ModifiedWhilePendingSample(k32, PIPE);
        telemetry.send("cpu=10\n");
        telemetry.send("cpu=99\n");
        telemetry.close();
        assertEquals("cpu=10\ncpu=99\n", readPipe(k32, server, 64), driver.name());
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ReleasedWhilePending

  @Test
  void buggyReleasedWhilePendingProducesFreedWhilePendingAndHandleClosedWithPendingIo() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var commands =
            new io.github.overlapcheck.samples.buggy.ReleasedWhilePendingSample(k32, PIPE);
        writePipe(k32, server, "RELOAD\n");
        assertEquals("RELOAD\n", commands.nextCommand(), driver.name());
        commands.close();
        k32.CloseHandle(server);
        assertKinds(
            List.of(FREED_WHILE_PENDING, HANDLE_CLOSED_WITH_PENDING_IO), sim.shutdown(), driver);
      }
    }
  }

  @Test
  void fixedReleasedWhilePendingRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var commands =
            new io.github.overlapcheck.samples.fixed.ReleasedWhilePendingSample(k32, PIPE);
        writePipe(k32, server, "RELOAD\n");
        assertEquals("RELOAD\n", commands.nextCommand(), driver.name());
        commands.close();
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CancelIoFromOtherThread

  @Test
  void buggyCancelIoFromOtherThreadProducesUnsatisfiableWait() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var receiver =
            new io.github.overlapcheck.samples.buggy.CancelIoFromOtherThreadSample(k32, PIPE);
        writePipe(k32, server, "hello\n");
        assertEquals("hello\n", receiver.take(), driver.name());
        receiver.close();
        k32.CloseHandle(server);
        List<Violation> violations = sim.shutdown();
        assertKinds(List.of(UNSATISFIABLE_WAIT, HANDLE_CLOSED_WITH_PENDING_IO), violations, driver);
        assertEquals("main", violations.get(0).thread(), "close() waits forever for the reader");
        assertTrue(violations.get(1).operation().orElseThrow().contains("pipe-reader"));
      }
    }
  }

  @Test
  void fixedCancelIoFromOtherThreadRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var receiver =
            new io.github.overlapcheck.samples.fixed.CancelIoFromOtherThreadSample(k32, PIPE);
        writePipe(k32, server, "hello\n");
        assertEquals("hello\n", receiver.take(), driver.name());
        receiver.close();
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CompletionRoutineNeverRuns

  @Test
  void buggyCompletionRoutineNeverRunsProducesCompletionRoutineNeverRan() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        var journal =
            new io.github.overlapcheck.samples.buggy.CompletionRoutineNeverRunsSample(
                sim.kernel32(), "C:\\journal.dat");
        journal.writeRecord("begin 7\n");
        journal.writeRecord("commit 7\n");
        long tallied = journal.bytesWritten();
        journal.close();
        String written = text(sim.fileContents("C:\\journal.dat"));
        assertKinds(
            List.of(COMPLETION_ROUTINE_NEVER_RAN, COMPLETION_ROUTINE_NEVER_RAN),
            sim.shutdown(),
            driver);
        assertEquals(0, tallied, "no completion was ever counted");
        assertEquals("begin 7\ncommit 7\n", written, driver.name());
      }
    }
  }

  @Test
  void fixedCompletionRoutineNeverRunsRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        var journal =
            new io.github.overlapcheck.samples.fixed.CompletionRoutineNeverRunsSample(
                sim.kernel32(), "C:\\journal.dat");
        journal.writeRecord("begin 7\n");
        journal.writeRecord("commit 7\n");
        long tallied = journal.bytesWritten();
        journal.close();
        String written = text(sim.fileContents("C:\\journal.dat"));
        assertKinds(List.of(), sim.shutdown(), driver);
        assertEquals(17, tallied, driver.name());
        assertEquals("begin 7\ncommit 7\n", written, driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // NullOverlappedOnAsyncHandle

  @Test
  void buggyNullOverlappedOnAsyncHandleReturnsForTheNotificationsCompletion() throws IOException {
    try (Simulation sim = Driver.PENDING.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var control =
          new io.github.overlapcheck.samples.buggy.NullOverlappedOnAsyncHandleSample(k32, PIPE);
      writePipe(k32, server, "status=ok\n");
      // kernel32 waits on the pipe handle; the notification read completes first and signals it.
      assertEquals(0, control.sendCommand("pause\n"), "reported sent before it was");
      assertEquals(1, sim.advanceAll(), "the write was still pending");
      control.close();
      k32.CloseHandle(server);
      assertKinds(
          List.of(
              NULL_OVERLAPPED_ON_ASYNC_HANDLE,
              RESULT_BEFORE_COMPLETION,
              FREED_WHILE_PENDING, // kernel32's status block, with its stack frame
              FREED_WHILE_PENDING, // the command buffer
              KERNEL_READ_FROM_FREED, // the command, taken from the freed buffer
              KERNEL_WRITE_TO_FREED), // the status, into the dead stack frame
          sim.shutdown(),
          Driver.PENDING);
    }
  }

  @Test
  void buggyNullOverlappedOnAsyncHandleIsStillReportedWhenTheWriteCompletesAtOnce()
      throws IOException {
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var control =
          new io.github.overlapcheck.samples.buggy.NullOverlappedOnAsyncHandleSample(k32, PIPE);
      writePipe(k32, server, "status=ok\n");
      assertEquals(6, control.sendCommand("pause\n"));
      assertEquals("pause\n", readPipe(k32, server, 64));
      control.close();
      k32.CloseHandle(server);
      assertKinds(List.of(NULL_OVERLAPPED_ON_ASYNC_HANDLE), sim.shutdown(), Driver.SYNCHRONOUS);
    }
  }

  @Test
  void fixedNullOverlappedOnAsyncHandleRunsClean() throws IOException {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var control =
            new io.github.overlapcheck.samples.fixed.NullOverlappedOnAsyncHandleSample(k32, PIPE);
        writePipe(k32, server, "status=ok\n");
        assertEquals(6, control.sendCommand("pause\n"), driver.name());
        assertEquals("pause\n", readPipe(k32, server, 64), driver.name());
        control.close();
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SkippedCompletionUnhandled

  @Test
  void buggySkippedCompletionUnhandledProducesUnsatisfiableWaitAndLeakedMemory() {
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var metrics =
          new io.github.overlapcheck.samples.buggy.SkippedCompletionUnhandledSample(k32, PIPE);
      metrics.publish("requests", 12);
      metrics.publish("errors", 0);
      metrics.close();
      assertEquals("requests=12\nerrors=0\n", readPipe(k32, server, 64));
      k32.CloseHandle(server);
      List<Violation> violations = sim.shutdown();
      assertKinds(
          List.of(UNSATISFIABLE_WAIT, LEAKED_MEMORY, LEAKED_MEMORY),
          violations,
          Driver.SYNCHRONOUS);
      assertEquals("metrics-io", violations.get(0).thread(), "the I/O thread waits for packets");
    }
  }

  @Test
  void fixedSkippedCompletionUnhandledRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE server = createServerPipe(k32);
        var metrics =
            new io.github.overlapcheck.samples.fixed.SkippedCompletionUnhandledSample(k32, PIPE);
        metrics.publish("requests", 12);
        metrics.publish("errors", 0);
        metrics.close();
        assertEquals("requests=12\nerrors=0\n", readPipe(k32, server, 64), driver.name());
        k32.CloseHandle(server);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // AsyncBytesTransferredUsed

  @Test
  void buggyAsyncBytesTransferredUsedProducesBytesOutParamOfPendingOperation() {
    try (Simulation sim = Driver.PENDING.simulation()) {
      sim.putFile("C:\\data\\blocks.bin", blockFile());
      var blocks =
          new io.github.overlapcheck.samples.buggy.AsyncBytesTransferredUsedSample(
              sim.kernel32(), "C:\\data\\blocks.bin");
      byte[] second = blocks.readBlock(1);
      blocks.close();
      assertKinds(List.of(BYTES_OUT_PARAM_OF_PENDING_OPERATION), sim.shutdown(), Driver.PENDING);
      assertEquals(0, second.length, "the 36 bytes read were reported as none");
    }
  }

  @Test
  void fixedAsyncBytesTransferredUsedRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        byte[] contents = blockFile();
        sim.putFile("C:\\data\\blocks.bin", contents);
        var blocks =
            new io.github.overlapcheck.samples.fixed.AsyncBytesTransferredUsedSample(
                sim.kernel32(), "C:\\data\\blocks.bin");
        byte[] second = blocks.readBlock(1);
        blocks.close();
        assertKinds(List.of(), sim.shutdown(), driver);
        byte[] expected = new byte[36];
        System.arraycopy(contents, 64, expected, 0, 36);
        assertArrayEquals(expected, second, driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // StaleOverlappedWriteBack

  @Test
  void buggyStaleOverlappedWriteBackProducesStaleOverlappedWriteBack() {
    try (Simulation sim = Driver.PENDING.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE device = createServerPipe(k32);
      var serial =
          new io.github.overlapcheck.samples.buggy.StaleOverlappedWriteBackSample(k32, PIPE);
      writePipe(k32, device, "T=21.5\r\n");
      byte[] received = serial.read(1000);
      serial.close();
      k32.CloseHandle(device);
      assertKinds(List.of(STALE_OVERLAPPED_WRITE_BACK), sim.shutdown(), Driver.PENDING);
      assertEquals(0, received.length, "the 8 bytes read were reported as none");
    }
  }

  @Test
  void fixedStaleOverlappedWriteBackRunsClean() {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        HANDLE device = createServerPipe(k32);
        var serial =
            new io.github.overlapcheck.samples.fixed.StaleOverlappedWriteBackSample(k32, PIPE);
        writePipe(k32, device, "T=21.5\r\n");
        byte[] received = serial.read(1000);
        serial.close();
        k32.CloseHandle(device);
        assertKinds(List.of(), sim.shutdown(), driver);
        assertEquals("T=21.5\r\n", text(received), driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // FailureTreatedAsPending

  @Test
  void buggyFailureTreatedAsPendingProducesUnsatisfiableWait() throws IOException {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        var server =
            new io.github.overlapcheck.samples.buggy.FailureTreatedAsPendingSample(k32, PIPE);
        HANDLE client = openClient(k32);
        server.acceptClient();
        server.greet("welcome\n");
        assertEquals("welcome\n", readPipe(k32, client, 64), driver.name());
        server.close();
        k32.CloseHandle(client);
        List<Violation> violations = sim.shutdown();
        assertKinds(List.of(UNSATISFIABLE_WAIT), violations, driver);
        assertTrue(violations.get(0).site().contains("acceptClient"), violations.get(0).site());
      }
    }
  }

  @Test
  void fixedFailureTreatedAsPendingRunsClean() throws IOException {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        var server =
            new io.github.overlapcheck.samples.fixed.FailureTreatedAsPendingSample(k32, PIPE);
        HANDLE client = openClient(k32);
        server.acceptClient();
        server.greet("welcome\n");
        assertEquals("welcome\n", readPipe(k32, client, 64), driver.name());
        server.close();
        k32.CloseHandle(client);
        assertKinds(List.of(), sim.shutdown(), driver);
      }
    }
  }

  @Test
  void fixedFailureTreatedAsPendingRunsCleanWhenTheClientConnectsLater() throws IOException {
    for (Driver driver : Driver.values()) {
      try (Simulation sim = driver.simulation()) {
        Kernel32 k32 = sim.kernel32();
        var server =
            new io.github.overlapcheck.samples.fixed.FailureTreatedAsPendingSample(k32, PIPE);
        String[] greeting = new String[1];
        HANDLE clientThread =
            k32.CreateThread(
                "client",
                () -> {
                  HANDLE client = openClient(k32);
                  greeting[0] = readPipe(k32, client, 64);
                  k32.CloseHandle(client);
                });
        server.acceptClient();
        server.greet("welcome\n");
        assertEquals(
            WinBase.WAIT_OBJECT_0, k32.WaitForSingleObject(clientThread, WinBase.INFINITE));
        server.close();
        k32.CloseHandle(clientThread);
        assertKinds(List.of(), sim.shutdown(), driver);
        assertEquals("welcome\n", greeting[0], driver.name());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Why a run is not enough: these bugs stay hidden when the driver takes the other path

  @Test
  void buggyProgramsLookCorrectWhenTheDriverTakesTheOtherPath() throws IOException {
    try (Simulation sim = Driver.PENDING.simulation()) {
      var log =
          new io.github.overlapcheck.samples.buggy.FreedBeforeCompletionPacketSample(
              sim.kernel32(), "C:\\logs\\app.log");
      log.append("started");
      log.close();
      assertKinds(List.of(), sim.shutdown(), "FreedBeforeCompletionPacket, pending");
    }
    try (Simulation sim = Driver.PENDING.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var metrics =
          new io.github.overlapcheck.samples.buggy.SkippedCompletionUnhandledSample(k32, PIPE);
      metrics.publish("requests", 12);
      metrics.close();
      k32.CloseHandle(server);
      assertKinds(List.of(), sim.shutdown(), "SkippedCompletionUnhandled, pending");
    }
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      sim.putFile("C:\\app\\settings.ini", settingsFile());
      var loader =
          new io.github.overlapcheck.samples.buggy.LocalOverlappedEscapesJnaArraySample(
              sim.kernel32(), "C:\\app\\settings.ini");
      assertArrayEquals(settingsFile(), loader.readAll());
      loader.close();
      assertKinds(List.of(), sim.shutdown(), "LocalOverlappedEscapes (JNA array), synchronous");
    }
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      sim.putFile("C:\\db\\pages.dat", pageFile());
      var pages =
          new io.github.overlapcheck.samples.buggy.WaitOnSharedFileHandleSample(
              sim.kernel32(), "C:\\db\\pages.dat");
      assertArrayEquals(page('R'), pages.readHeaderAndRoot(3L * PAGE)[1]);
      pages.close();
      assertKinds(List.of(), sim.shutdown(), "WaitOnSharedFileHandle, synchronous");
    }
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var sender =
          new io.github.overlapcheck.samples.buggy.PendingTreatedAsFailureSample(k32, PIPE);
      sender.send("order 42\n");
      assertEquals("order 42\n", readPipe(k32, server, 64));
      sender.close();
      k32.CloseHandle(server);
      assertKinds(List.of(), sim.shutdown(), "PendingTreatedAsFailure, synchronous");
    }
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createServerPipe(k32);
      var telemetry =
          new io.github.overlapcheck.samples.buggy.ModifiedWhilePendingSample(k32, PIPE);
      telemetry.send("cpu=10\n");
      telemetry.send("cpu=99\n");
      telemetry.close();
      assertEquals("cpu=10\ncpu=99\n", readPipe(k32, server, 64));
      k32.CloseHandle(server);
      assertKinds(List.of(), sim.shutdown(), "ModifiedWhilePending, synchronous");
    }
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      sim.putFile("C:\\data\\blocks.bin", blockFile());
      var blocks =
          new io.github.overlapcheck.samples.buggy.AsyncBytesTransferredUsedSample(
              sim.kernel32(), "C:\\data\\blocks.bin");
      assertEquals(36, blocks.readBlock(1).length);
      blocks.close();
      assertKinds(List.of(), sim.shutdown(), "AsyncBytesTransferredUsed, synchronous");
    }
    try (Simulation sim = Driver.SYNCHRONOUS.simulation()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE device = createServerPipe(k32);
      var serial =
          new io.github.overlapcheck.samples.buggy.StaleOverlappedWriteBackSample(k32, PIPE);
      writePipe(k32, device, "T=21.5\r\n");
      assertEquals("T=21.5\r\n", text(serial.read(1000)));
      serial.close();
      k32.CloseHandle(device);
      assertKinds(List.of(), sim.shutdown(), "StaleOverlappedWriteBack, synchronous");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static final int PAGE =
      io.github.overlapcheck.samples.fixed.WaitOnSharedFileHandleSample.PAGE_SIZE;

  private static void assertKinds(
      List<ViolationKind> expected, List<Violation> actual, Object context) {
    List<ViolationKind> kinds = actual.stream().map(Violation::kind).collect(Collectors.toList());
    assertEquals(expected, kinds, () -> context + ": " + actual);
  }

  /** The server end of the test's named pipe, synchronous: the test plays the peer device. */
  private static HANDLE createServerPipe(Kernel32 k32) {
    return k32.CreateNamedPipe(
        PIPE,
        WinBase.PIPE_ACCESS_DUPLEX,
        WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
        1,
        4096,
        4096,
        0,
        null);
  }

  /** A synchronous client end of the test's named pipe. */
  private static HANDLE openClient(Kernel32 k32) {
    return k32.CreateFile(
        PIPE,
        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
        0,
        null,
        WinBase.OPEN_EXISTING,
        0,
        null);
  }

  private static void writePipe(Kernel32 k32, HANDLE end, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    IntByReference written = new IntByReference();
    assertTrue(k32.WriteFile(end, bytes, bytes.length, written, (OVERLAPPED) null));
    assertEquals(bytes.length, written.getValue());
  }

  /** Reads what is waiting in the pipe (up to {@code max} bytes); there must be something. */
  private static String readPipe(Kernel32 k32, HANDLE end, int max) {
    byte[] bytes = new byte[max];
    IntByReference read = new IntByReference();
    assertTrue(k32.ReadFile(end, bytes, max, read, (OVERLAPPED) null), "nothing to read");
    return new String(bytes, 0, read.getValue(), UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  /** 100 bytes: more than one 64-byte chunk. */
  private static byte[] settingsFile() {
    String ini =
        "[server]\nport=8443\nhost=example.org\n[log]\nlevel=info\nfile=C:\\logs\\app.log\n";
    byte[] bytes = ini.getBytes(UTF_8);
    byte[] padded = new byte[100];
    System.arraycopy(bytes, 0, padded, 0, Math.min(bytes.length, padded.length));
    for (int i = bytes.length; i < padded.length; i++) {
      padded[i] = ';';
    }
    return padded;
  }

  private static byte[] page(char fill) {
    byte[] bytes = new byte[PAGE];
    java.util.Arrays.fill(bytes, (byte) fill);
    return bytes;
  }

  /** Header page 'H', two data pages, root page 'R' at page 3. */
  private static byte[] pageFile() {
    byte[] file = new byte[4 * PAGE];
    System.arraycopy(page('H'), 0, file, 0, PAGE);
    System.arraycopy(page('a'), 0, file, PAGE, PAGE);
    System.arraycopy(page('b'), 0, file, 2 * PAGE, PAGE);
    System.arraycopy(page('R'), 0, file, 3 * PAGE, PAGE);
    return file;
  }

  /** 100 bytes, each its own index: block 1 is bytes 64..99. */
  private static byte[] blockFile() {
    byte[] bytes = new byte[100];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
