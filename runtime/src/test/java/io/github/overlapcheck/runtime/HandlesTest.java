package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.RuntimeTestSupport.READ_WRITE;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.ascii;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.createPipeServer;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.kinds;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.newManualEvent;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.openFile;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.signaledNow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 1 of issue 2: disk files, named pipes, events and completion ports are handles; CreateFile
 * with and without FILE_FLAG_OVERLAPPED and its creation dispositions; CreateNamedPipe with the
 * flag in its open mode; CloseHandle.
 */
class HandlesTest {
  private static final String PIPE = "\\\\.\\pipe\\handles-test";

  private static HANDLE create(Kernel32 k32, String name, int disposition) {
    return k32.CreateFile(
        name, READ_WRITE, 0, null, disposition, WinBase.FILE_ATTRIBUTE_NORMAL, null);
  }

  private static HANDLE openPipeClient(Kernel32 k32, String name, boolean overlapped) {
    return k32.CreateFile(
        name,
        READ_WRITE,
        0,
        null,
        WinBase.OPEN_EXISTING,
        overlapped ? WinBase.FILE_FLAG_OVERLAPPED : 0,
        null);
  }

  /** Reads up to {@code n} bytes from a synchronous handle at its file pointer. */
  private static String readSync(Kernel32 k32, HANDLE h, int n) {
    byte[] buffer = new byte[n];
    IntByReference read = new IntByReference();
    assertTrue(k32.ReadFile(h, buffer, n, read, null), "ReadFile failed: " + k32.GetLastError());
    return ascii(buffer).substring(0, read.getValue());
  }

  private static void writeSync(Kernel32 k32, HANDLE h, String text) {
    byte[] data = ascii(text);
    IntByReference written = new IntByReference();
    assertTrue(k32.WriteFile(h, data, data.length, written, null), "WriteFile failed");
    assertEquals(data.length, written.getValue());
  }

  // ---------------------------------------------------------------------------------------------
  // Disk files and creation dispositions

  @Test
  void createNewMakesAnEmptyFileWithLastErrorSuccess() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      k32.SetLastError(WinError.ERROR_ACCESS_DENIED);
      HANDLE h = create(k32, "new.bin", WinBase.CREATE_NEW);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      assertEquals(0, sim.fileLength("new.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createNewOnExistingFileFailsWithFileExistsAndKeepsContents() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("keep me"));
      HANDLE h = create(k32, "data.bin", WinBase.CREATE_NEW);
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_FILE_EXISTS, k32.GetLastError());
      assertArrayEquals(ascii("keep me"), sim.fileContents("data.bin"));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createAlwaysTruncatesAnExistingFileAndReportsAlreadyExists() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("old contents"));
      HANDLE h = create(k32, "data.bin", WinBase.CREATE_ALWAYS);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_ALREADY_EXISTS, k32.GetLastError());
      assertEquals(0, sim.fileLength("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createAlwaysOnMissingFileCreatesItWithLastErrorSuccess() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      k32.SetLastError(WinError.ERROR_ACCESS_DENIED);
      HANDLE h = create(k32, "fresh.bin", WinBase.CREATE_ALWAYS);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      writeSync(k32, h, "abc");
      assertArrayEquals(ascii("abc"), sim.fileContents("fresh.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void openExistingOnMissingFileFailsWithFileNotFoundAndCreatesNothing() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE h = create(k32, "missing.bin", WinBase.OPEN_EXISTING);
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_FILE_NOT_FOUND, k32.GetLastError());
      HANDLE again = create(k32, "missing.bin", WinBase.OPEN_EXISTING);
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, again);
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void openExistingKeepsTheContentsPutIntoTheSimulatedDisk() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("in memory"));
      HANDLE h = create(k32, "data.bin", WinBase.OPEN_EXISTING);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      assertEquals("in memory", readSync(k32, h, 32));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void openAlwaysKeepsAnExistingFileAndReportsAlreadyExists() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("still here"));
      HANDLE h = create(k32, "data.bin", WinBase.OPEN_ALWAYS);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_ALREADY_EXISTS, k32.GetLastError());
      assertEquals("still here", readSync(k32, h, 32));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void openAlwaysOnMissingFileCreatesItWithLastErrorSuccess() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      k32.SetLastError(WinError.ERROR_ACCESS_DENIED);
      HANDLE h = create(k32, "fresh.bin", WinBase.OPEN_ALWAYS);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      assertEquals(0, sim.fileLength("fresh.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void truncateExistingEmptiesAnExistingFile() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("to be dropped"));
      HANDLE h = create(k32, "data.bin", WinBase.TRUNCATE_EXISTING);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(0, sim.fileLength("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void truncateExistingOnMissingFileFailsWithFileNotFound() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE h = create(k32, "missing.bin", WinBase.TRUNCATE_EXISTING);
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals(WinError.ERROR_FILE_NOT_FOUND, k32.GetLastError());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void unknownCreationDispositionFailsWithInvalidParameter() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("x"));
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, create(k32, "data.bin", 0));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, create(k32, "data.bin", 6));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void fileNamesAreCaseInsensitiveAsOnWindows() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("Report.TXT", ascii("same file"));
      HANDLE h = create(k32, "report.txt", WinBase.OPEN_EXISTING);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, h);
      assertEquals("same file", readSync(k32, h, 32));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void twoHandlesToOneFileShareItsInMemoryContents() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE writer = create(k32, "shared.bin", WinBase.CREATE_NEW);
      HANDLE reader = create(k32, "shared.bin", WinBase.OPEN_EXISTING);
      assertNotEquals(writer, reader);
      writeSync(k32, writer, "written by one handle");
      assertEquals("written by one handle", readSync(k32, reader, 64));
      assertArrayEquals(ascii("written by one handle"), sim.fileContents("shared.bin"));
      assertTrue(k32.CloseHandle(writer));
      assertTrue(k32.CloseHandle(reader));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void readingAHandleOpenedForWritingOnlyFailsWithAccessDenied() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("secret"));
      HANDLE h =
          k32.CreateFile(
              "data.bin", WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      byte[] buffer = new byte[6];
      assertFalse(k32.ReadFile(h, buffer, 6, new IntByReference(), null));
      assertEquals(WinError.ERROR_ACCESS_DENIED, k32.GetLastError());
      assertArrayEquals(new byte[6], buffer);
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void writingAHandleOpenedForReadingOnlyFailsWithAccessDenied() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("original"));
      HANDLE h =
          k32.CreateFile("data.bin", WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING, 0, null);
      byte[] data = ascii("XX");
      assertFalse(k32.WriteFile(h, data, 2, new IntByReference(), null));
      assertEquals(WinError.ERROR_ACCESS_DENIED, k32.GetLastError());
      assertArrayEquals(ascii("original"), sim.fileContents("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createFileWithoutOverlappedFlagGivesASynchronousHandle() {
    // The driver leaves every request pending, yet the synchronous call returns with the data.
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("sync"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertEquals("sync", readSync(k32, h, 4));
      assertEquals(0, sim.pendingOperations());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createFileWithOverlappedFlagGivesAnAsynchronousHandle() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("async"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 5);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(h, buffer, 5, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(1, sim.pendingOperations());
      IntByReference read = new IntByReference();
      assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), read, true));
      assertEquals(5, read.getValue());
      assertArrayEquals(ascii("async"), buffer.getByteArray(0, 5));
      assertNull(k32.LocalFree(buffer));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Named pipes

  @Test
  void pipeClientOpenedByCreateFileTalksToTheServerEndInBothDirections() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = openPipeClient(k32, PIPE, false);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, client);
      assertEquals(WinError.ERROR_SUCCESS, k32.GetLastError());
      writeSync(k32, client, "ping");
      assertEquals("ping", readSync(k32, server, 16));
      writeSync(k32, server, "pong");
      assertEquals("pong", readSync(k32, client, 16));
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void pipeIsAByteStreamWithoutMessageBoundaries() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = openPipeClient(k32, PIPE, false);
      writeSync(k32, client, "abc");
      writeSync(k32, client, "def");
      assertEquals("abcd", readSync(k32, server, 4));
      assertEquals("ef", readSync(k32, server, 4));
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void pipeNamesAreCaseInsensitive() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, "\\\\.\\pipe\\MixedCase", false);
      HANDLE client = openPipeClient(k32, "\\\\.\\PIPE\\mixedcase", false);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, client);
      writeSync(k32, client, "hi");
      assertEquals("hi", readSync(k32, server, 2));
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void pipeClientOpenWithoutAnyServerFailsWithFileNotFound() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, openPipeClient(k32, PIPE, false));
      assertEquals(WinError.ERROR_FILE_NOT_FOUND, k32.GetLastError());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void secondPipeClientFailsWithPipeBusyWhileTheOnlyInstanceIsTaken() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE first = openPipeClient(k32, PIPE, false);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, first);
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, openPipeClient(k32, PIPE, false));
      assertEquals(WinError.ERROR_PIPE_BUSY, k32.GetLastError());
      assertTrue(k32.CloseHandle(first));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void eachServerInstanceOfAPipeTakesItsOwnClient() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server1 = createPipeServer(k32, PIPE, false);
      HANDLE server2 = createPipeServer(k32, PIPE, false);
      HANDLE client1 = openPipeClient(k32, PIPE, false);
      HANDLE client2 = openPipeClient(k32, PIPE, false);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, client2);
      writeSync(k32, client1, "one");
      writeSync(k32, client2, "two");
      assertEquals("one", readSync(k32, server1, 8));
      assertEquals("two", readSync(k32, server2, 8));
      for (HANDLE h : new HANDLE[] {client1, client2, server1, server2}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void pipeClientOpenAfterTheOnlyServerEndClosedFailsWithFileNotFound() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      assertTrue(k32.CloseHandle(server));
      assertEquals(HANDLE.INVALID_HANDLE_VALUE, openPipeClient(k32, PIPE, false));
      assertEquals(WinError.ERROR_FILE_NOT_FOUND, k32.GetLastError());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void serverReadBeforeAnyClientOpensFailsWithPipeListening() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      byte[] buffer = new byte[4];
      assertFalse(k32.ReadFile(server, buffer, 4, new IntByReference(), null));
      assertEquals(WinError.ERROR_PIPE_LISTENING, k32.GetLastError());
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createNamedPipeWithoutOverlappedFlagGivesASynchronousServerEnd() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = openPipeClient(k32, PIPE, false);
      writeSync(k32, client, "data");
      assertEquals("data", readSync(k32, server, 4));
      assertEquals(0, sim.pendingOperations());
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createNamedPipeWithOverlappedFlagInOpenModeGivesAnAsynchronousServerEnd() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, PIPE, false);
      writeSync(k32, client, "data");
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      IntByReference read = new IntByReference();
      assertTrue(k32.GetOverlappedResult(server, ov.getPointer(), read, true));
      assertEquals(4, read.getValue());
      assertArrayEquals(ascii("data"), buffer.getByteArray(0, 4));
      assertNull(k32.LocalFree(buffer));
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void pipeClientOpenedWithOverlappedFlagIsAsynchronous() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = openPipeClient(k32, PIPE, true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      data.write(0, ascii("abc"), 0, 3);
      HANDLE event = newManualEvent(k32);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.WriteFile(client, data, 3, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(WinBase.WAIT_OBJECT_0, k32.WaitForSingleObject(event, WinBase.INFINITE));
      assertEquals("abc", readSync(k32, server, 3));
      assertNull(k32.LocalFree(data));
      for (HANDLE h : new HANDLE[] {client, server, event}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void connectNamedPipeAfterTheClientOpenedFailsWithPipeConnected() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = openPipeClient(k32, PIPE, false);
      HANDLE event = newManualEvent(k32);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ConnectNamedPipe(server, ov));
      assertEquals(WinError.ERROR_PIPE_CONNECTED, k32.GetLastError());
      assertEquals(0, sim.pendingOperations());
      assertEquals(0, sim.advanceAll());
      assertFalse(signaledNow(k32, event));
      for (HANDLE h : new HANDLE[] {client, server, event}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void asyncConnectNamedPipePendsUntilAClientOpensThePipe() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE event = newManualEvent(k32);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = event;
      assertFalse(k32.ConnectNamedPipe(server, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertEquals(0, sim.advanceAll(), "no client yet: the connect cannot complete");
      assertFalse(signaledNow(k32, event));
      HANDLE client = openPipeClient(k32, PIPE, false);
      assertNotEquals(HANDLE.INVALID_HANDLE_VALUE, client);
      assertEquals(1, sim.advanceAll());
      assertTrue(signaledNow(k32, event));
      assertTrue(k32.GetOverlappedResult(server, ov.getPointer(), new IntByReference(), false));
      for (HANDLE h : new HANDLE[] {client, server, event}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void synchronousConnectNamedPipeBlocksUntilAnotherThreadOpensTheClientEnd() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      List<String> log = new ArrayList<>();
      HANDLE[] client = new HANDLE[1];
      HANDLE thread =
          k32.CreateThread(
              "client",
              () -> {
                log.add("client opens");
                client[0] = openPipeClient(k32, PIPE, false);
                writeSync(k32, client[0], "hello");
              });
      assertTrue(log.isEmpty(), "the new thread runs only when main blocks");
      assertTrue(k32.ConnectNamedPipe(server, (OVERLAPPED) null));
      log.add("connected");
      assertEquals("hello", readSync(k32, server, 5));
      assertEquals(List.of("client opens", "connected"), log);
      assertEquals(WinBase.WAIT_OBJECT_0, k32.WaitForSingleObject(thread, WinBase.INFINITE));
      for (HANDLE h : new HANDLE[] {client[0], server, thread}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  @Test
  void manualResetEventStaysSignaledForEveryWaitUntilReset() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, false, null);
      assertFalse(signaledNow(k32, event));
      assertTrue(k32.SetEvent(event));
      assertTrue(signaledNow(k32, event));
      assertTrue(signaledNow(k32, event));
      assertTrue(signaledNow(k32, event));
      assertTrue(k32.ResetEvent(event));
      assertFalse(signaledNow(k32, event));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void autoResetEventReleasesOneWaitAndResetsItself() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, false, false, null);
      assertFalse(signaledNow(k32, event));
      assertTrue(k32.SetEvent(event));
      assertTrue(signaledNow(k32, event));
      assertFalse(signaledNow(k32, event));
      assertTrue(k32.SetEvent(event));
      assertTrue(k32.SetEvent(event));
      assertTrue(signaledNow(k32, event), "setting it twice still releases a single wait");
      assertFalse(signaledNow(k32, event));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void eventsStartInTheRequestedInitialState() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE manualOn = k32.CreateEvent(null, true, true, null);
      HANDLE autoOn = k32.CreateEvent(null, false, true, null);
      HANDLE manualOff = k32.CreateEvent(null, true, false, null);
      assertTrue(signaledNow(k32, manualOn));
      assertTrue(signaledNow(k32, manualOn));
      assertTrue(signaledNow(k32, autoOn));
      assertFalse(signaledNow(k32, autoOn));
      assertFalse(signaledNow(k32, manualOff));
      for (HANDLE h : new HANDLE[] {manualOn, autoOn, manualOff}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void autoResetEventSetByAnotherThreadWakesTheWaiterOnce() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, false, false, null);
      HANDLE thread = k32.CreateThread("setter", () -> k32.SetEvent(event));
      assertEquals(WinBase.WAIT_OBJECT_0, k32.WaitForSingleObject(event, WinBase.INFINITE));
      assertFalse(signaledNow(k32, event));
      assertEquals(WinBase.WAIT_OBJECT_0, k32.WaitForSingleObject(thread, WinBase.INFINITE));
      assertTrue(k32.CloseHandle(thread));
      assertTrue(k32.CloseHandle(event));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Completion ports

  @Test
  void createIoCompletionPortWithInvalidHandleValueCreatesAnEmptyPort() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      assertTrue(port != null && !HANDLE.INVALID_HANDLE_VALUE.equals(port));
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference ov = new PointerByReference();
      assertFalse(k32.GetQueuedCompletionStatus(port, bytes, key, ov, 0));
      assertEquals(WinError.WAIT_TIMEOUT, k32.GetLastError());
      assertNull(ov.getValue());
      assertTrue(k32.PostQueuedCompletionStatus(port, 7, 42, null));
      assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, ov, 0));
      assertEquals(7, bytes.getValue());
      assertEquals(42, key.getValue());
      assertTrue(k32.CloseHandle(port));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createIoCompletionPortAssociatesAnAsyncFileWithAKeyAndReturnsThePort() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("port"));
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      HANDLE file = openFile(k32, "data.bin", true);
      assertEquals(port, k32.CreateIoCompletionPort(file, port, 0x1234, 0));
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(file, buffer, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference dequeued = new PointerByReference();
      assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, dequeued, WinBase.INFINITE));
      assertEquals(4, bytes.getValue());
      assertEquals(0x1234, key.getValue());
      assertEquals(ov.getPointer(), dequeued.getValue());
      assertArrayEquals(ascii("port"), buffer.getByteArray(0, 4));
      assertNull(k32.LocalFree(buffer));
      assertTrue(k32.CloseHandle(file));
      assertTrue(k32.CloseHandle(port));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createIoCompletionPortWithNullExistingPortCreatesAPortForTheFile() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("x"));
      HANDLE file = openFile(k32, "data.bin", true);
      HANDLE port = k32.CreateIoCompletionPort(file, null, 9, 0);
      assertTrue(port != null && !port.equals(file));
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 1);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertTrue(k32.ReadFile(file, buffer, 1, null, ov));
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference dequeued = new PointerByReference();
      assertTrue(k32.GetQueuedCompletionStatus(port, bytes, key, dequeued, 0));
      assertEquals(9, key.getValue());
      assertNull(k32.LocalFree(buffer));
      assertTrue(k32.CloseHandle(file));
      assertTrue(k32.CloseHandle(port));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void createIoCompletionPortRejectsASynchronousFileHandle() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("x"));
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      HANDLE file = openFile(k32, "data.bin", false);
      assertNull(k32.CreateIoCompletionPort(file, port, 1, 0));
      assertEquals(WinError.ERROR_INVALID_PARAMETER, k32.GetLastError());
      assertTrue(k32.CloseHandle(file));
      assertTrue(k32.CloseHandle(port));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CloseHandle

  @Test
  void closedFileHandleIsInvalidForReadWriteAndASecondClose() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("abc"));
      HANDLE h = openFile(k32, "data.bin", false);
      assertTrue(k32.CloseHandle(h));
      byte[] buffer = new byte[3];
      assertFalse(k32.ReadFile(h, buffer, 3, new IntByReference(), null));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertFalse(k32.WriteFile(h, ascii("xyz"), 3, new IntByReference(), null));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertFalse(k32.CloseHandle(h));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertArrayEquals(ascii("abc"), sim.fileContents("data.bin"));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void closedEventHandleIsInvalidForSetAndWait() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE event = k32.CreateEvent(null, true, true, null);
      assertTrue(k32.CloseHandle(event));
      assertFalse(k32.SetEvent(event));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertFalse(k32.ResetEvent(event));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertEquals(WinBase.WAIT_FAILED, k32.WaitForSingleObject(event, 0));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertFalse(k32.CloseHandle(event));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void closedCompletionPortHandleIsInvalid() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 0);
      assertTrue(k32.CloseHandle(port));
      assertFalse(k32.PostQueuedCompletionStatus(port, 0, 0, null));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      PointerByReference ov = new PointerByReference();
      assertFalse(
          k32.GetQueuedCompletionStatus(
              port, new IntByReference(), new ULONG_PTRByReference(), ov, 0));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertFalse(k32.CloseHandle(port));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void closingOneHandleLeavesOtherHandlesToTheSameFileUsable() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("still readable"));
      HANDLE first = openFile(k32, "data.bin", false);
      HANDLE second = openFile(k32, "data.bin", false);
      assertTrue(k32.CloseHandle(first));
      assertEquals("still readable", readSync(k32, second, 32));
      assertTrue(k32.CloseHandle(second));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void closedPipeClientHandleIsInvalidAndItsServerSeesBrokenPipe() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, false);
      HANDLE client = openPipeClient(k32, PIPE, false);
      assertTrue(k32.CloseHandle(client));
      assertFalse(k32.WriteFile(client, ascii("x"), 1, new IntByReference(), null));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertFalse(k32.ReadFile(server, new byte[1], 1, new IntByReference(), null));
      assertEquals(WinError.ERROR_BROKEN_PIPE, k32.GetLastError());
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }
}
