package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.RuntimeTestSupport.READ_WRITE;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.ascii;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.createPipeServer;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.kinds;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.openFile;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.overlappedAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 4 of issue 2: a driver policy decides, per request, whether an asynchronous call completes
 * synchronously (TRUE) or goes pending (FALSE with ERROR_IO_PENDING): always pending, always
 * synchronous, a cache rule, a seeded random fraction and a script.
 */
class DriverPolicyTest {
  private static final String PIPE = "\\\\.\\pipe\\policy-test";
  private static final int PAGE = 4096;

  /** One asynchronous read or write: TRUE, or FALSE with ERROR_IO_PENDING (awaited here). */
  private static boolean issue(
      Kernel32 k32, HANDLE h, boolean write, Memory buffer, int length, long offset) {
    OVERLAPPED ov = overlappedAt(k32, offset, null);
    boolean result =
        write
            ? k32.WriteFile(h, buffer, length, null, ov)
            : k32.ReadFile(h, buffer, length, null, ov);
    if (!result) {
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
    }
    IntByReference bytes = new IntByReference(-1);
    assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), bytes, true));
    assertEquals(length, bytes.getValue());
    return result;
  }

  /**
   * Runs a program issuing {@code n} one-byte writes at increasing offsets under the policy and
   * returns, per write, whether it returned TRUE.
   */
  private static boolean[] outcomesOfWrites(DriverPolicy policy, int n) {
    boolean[] outcomes = new boolean[n];
    try (Simulation sim = Simulation.builder().driver(policy).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("log.bin", new byte[0]);
      HANDLE h = openFile(k32, "log.bin", true);
      Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, 1);
      for (int i = 0; i < n; i++) {
        data.setByte(0, (byte) i);
        outcomes[i] = issue(k32, h, true, data, 1, i);
      }
      assertEquals(n, sim.fileLength("log.bin"));
      data.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
    return outcomes;
  }

  private static int count(boolean[] outcomes) {
    int n = 0;
    for (boolean b : outcomes) {
      n += b ? 1 : 0;
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // alwaysPending and alwaysSynchronous

  @Test
  void alwaysPendingLeavesEvenSmallWritesAndCachedReadsPending() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[0]);
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 1);
      assertFalse(issue(k32, h, true, buffer, 1, 0), "a one-byte write");
      assertFalse(issue(k32, h, false, buffer, 1, 0), "a read of data just written");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void alwaysSynchronousCompletesLargeWritesAndUncachedReadsAtOnce() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[3 * PAGE]);
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 2 * PAGE);
      assertTrue(issue(k32, h, false, buffer, 2 * PAGE, PAGE), "an uncached two-page read");
      assertTrue(issue(k32, h, true, buffer, 2 * PAGE, 5 * PAGE), "a two-page write");
      assertEquals(0, sim.pendingOperations());
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void alwaysSynchronousStillPendsAPipeReadWhoseDataHasNotArrived() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysSynchronous()).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, buffer, 3, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertTrue(k32.WriteFile(client, ascii("now"), 3, new IntByReference(), null));
      IntByReference bytes = new IntByReference(-1);
      assertTrue(k32.GetOverlappedResult(server, ov.getPointer(), bytes, true));
      assertEquals(3, bytes.getValue());
      assertArrayEquals(ascii("now"), buffer.getByteArray(0, 3));
      buffer.close();
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // cache(limit)

  @Test
  void cacheCompletesWritesUpToTheLimitAtOnceAndPendsLargerOnes() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.cache(8)).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[0]);
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 64);
      assertTrue(issue(k32, h, true, buffer, 1, 0), "1 byte");
      assertTrue(issue(k32, h, true, buffer, 8, 100), "8 bytes: at the limit");
      assertFalse(issue(k32, h, true, buffer, 9, 200), "9 bytes: over the limit");
      assertFalse(issue(k32, h, true, buffer, 64, 300), "64 bytes");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void cacheCompletesReadsOfCachedPagesAtOnceAndPendsUncachedOnes() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.cache(0)).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[3 * PAGE]);
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 16);
      assertFalse(issue(k32, h, false, buffer, 16, 0), "first read of page 0: from the disk");
      assertTrue(issue(k32, h, false, buffer, 16, 100), "page 0 is in the cache now");
      assertFalse(issue(k32, h, false, buffer, 16, PAGE + 10), "page 1 was never read");
      assertTrue(issue(k32, h, false, buffer, 16, PAGE + 30), "page 1 is cached now");
      assertTrue(issue(k32, h, false, buffer, 16, PAGE - 8), "spans pages 0 and 1, both cached");
      assertFalse(issue(k32, h, false, buffer, 16, 2 * PAGE - 8), "spans pages 1 and 2");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void cacheCompletesAReadOfJustWrittenDataAtOnce() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.cache(16)).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[PAGE]);
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      buffer.write(0, ascii("warm"), 0, 4);
      assertTrue(issue(k32, h, true, buffer, 4, 40), "a small write goes to the cache");
      assertTrue(issue(k32, h, false, buffer, 4, 40), "and reading it back hits the cache");
      assertArrayEquals(ascii("warm"), buffer.getByteArray(0, 4));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void cacheCompletesAPipeReadAtOnceWhenDataIsWaitingInThePipe() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.cache(0)).build()) {
      Kernel32 k32 = sim.kernel32();
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      assertTrue(k32.WriteFile(client, ascii("ab"), 2, new IntByReference(), null));
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertTrue(k32.ReadFile(server, buffer, 2, null, ov), "data waiting: cached");
      assertArrayEquals(ascii("ab"), buffer.getByteArray(0, 2));
      assertFalse(k32.ReadFile(server, buffer, 2, null, ov), "nothing waiting");
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertTrue(k32.WriteFile(client, ascii("cd"), 2, new IntByReference(), null));
      assertTrue(k32.GetOverlappedResult(server, ov.getPointer(), new IntByReference(), true));
      assertArrayEquals(ascii("cd"), buffer.getByteArray(0, 2));
      buffer.close();
      assertTrue(k32.CloseHandle(client));
      assertTrue(k32.CloseHandle(server));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void inspectingFileContentsDoesNotWarmTheDriverCache() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.cache(0)).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("cold data"));
      assertArrayEquals(ascii("cold data"), sim.fileContents("data.bin"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      assertFalse(issue(k32, h, false, buffer, 4, 0), "nothing but the harness read the file");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // randomFraction(fraction, seed)

  @Test
  void randomFractionWithTheSameSeedGivesTheSameSequenceOfOutcomes() {
    boolean[] first = outcomesOfWrites(DriverPolicy.randomFraction(0.5, 42), 200);
    boolean[] second = outcomesOfWrites(DriverPolicy.randomFraction(0.5, 42), 200);
    assertArrayEquals(first, second);
    int synchronous = count(first);
    assertTrue(synchronous > 0 && synchronous < 200, "both paths occur: " + synchronous);
  }

  @Test
  void randomFractionCompletesAboutTheRequestedShareOfRequestsSynchronously() {
    for (double fraction : new double[] {0.1, 0.3, 0.5, 0.8}) {
      boolean[] outcomes = outcomesOfWrites(DriverPolicy.randomFraction(fraction, 7), 200);
      double observed = count(outcomes) / 200.0;
      assertEquals(fraction, observed, 0.1, "requested " + fraction + ", observed " + observed);
    }
  }

  @Test
  void randomFractionWithDifferentSeedsGivesDifferentSequences() {
    boolean[] one = outcomesOfWrites(DriverPolicy.randomFraction(0.5, 1), 200);
    boolean[] two = outcomesOfWrites(DriverPolicy.randomFraction(0.5, 2), 200);
    assertFalse(Arrays.equals(one, two));
  }

  @Test
  void randomFractionOfZeroNeverAndOfOneAlwaysCompletesSynchronously() {
    assertEquals(0, count(outcomesOfWrites(DriverPolicy.randomFraction(0, 3), 50)));
    assertEquals(50, count(outcomesOfWrites(DriverPolicy.randomFraction(1, 3), 50)));
  }

  @Test
  void randomFractionRejectsAFractionOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> DriverPolicy.randomFraction(-0.01, 1));
    assertThrows(IllegalArgumentException.class, () -> DriverPolicy.randomFraction(1.01, 1));
    assertThrows(IllegalArgumentException.class, () -> DriverPolicy.randomFraction(Double.NaN, 1));
  }

  // ---------------------------------------------------------------------------------------------
  // script(...)

  @Test
  void scriptForcesTheGivenOutcomesInOrderThenFollowsTheFallback() {
    boolean[] outcomes =
        outcomesOfWrites(
            DriverPolicy.script(DriverPolicy.alwaysSynchronous(), false, true, false), 5);
    assertArrayEquals(new boolean[] {false, true, false, true, true}, outcomes);
    boolean[] pendingAfter =
        outcomesOfWrites(DriverPolicy.script(DriverPolicy.alwaysPending(), true, true), 4);
    assertArrayEquals(new boolean[] {true, true, false, false}, pendingAfter);
  }

  @Test
  void scriptOutcomesApplyOnlyToRequestsThatCouldCompleteAtOnce() {
    try (Simulation sim =
        Simulation.builder()
            .driver(DriverPolicy.script(DriverPolicy.alwaysPending(), true, true))
            .build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE file = openFile(k32, "data.bin", true);
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      Memory pipeBuffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      OVERLAPPED pipeOv = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(server, pipeBuffer, 2, null, pipeOv), "no data: cannot complete");
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED atEnd = overlappedAt(k32, 10, null);
      assertFalse(k32.ReadFile(file, buffer, 4, null, atEnd), "fails before the driver");
      assertEquals(WinError.ERROR_HANDLE_EOF, k32.GetLastError());

      assertTrue(issue(k32, file, false, buffer, 4, 0), "first scripted outcome");
      assertTrue(issue(k32, file, false, buffer, 4, 4), "second scripted outcome");
      assertFalse(issue(k32, file, false, buffer, 2, 8), "the fallback");

      assertTrue(k32.WriteFile(client, ascii("hi"), 2, new IntByReference(), null));
      assertTrue(k32.GetOverlappedResult(server, pipeOv.getPointer(), new IntByReference(), true));
      assertArrayEquals(ascii("hi"), pipeBuffer.getByteArray(0, 2));
      pipeBuffer.close();
      buffer.close();
      for (HANDLE h : new HANDLE[] {file, client, server}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Policies in general

  @Test
  void setDriverPolicyAppliesToRequestsIssuedFromThenOn() {
    try (Simulation sim = Simulation.builder().driver(DriverPolicy.alwaysPending()).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory early = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      // Its own event: two operations will be outstanding, so the file handle says nothing.
      HANDLE earlyDone = k32.CreateEvent(null, true, false, null);
      OVERLAPPED earlyOv = overlappedAt(k32, 0, earlyDone);
      assertFalse(k32.ReadFile(h, early, 2, null, earlyOv));
      sim.setDriverPolicy(DriverPolicy.alwaysSynchronous());
      assertEquals(1, sim.pendingOperations(), "a request already pending stays pending");
      Memory late = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);
      assertTrue(issue(k32, h, false, late, 2, 5));
      assertEquals(1, sim.pendingOperations());
      assertTrue(k32.GetOverlappedResult(h, earlyOv.getPointer(), new IntByReference(), true));
      early.close();
      late.close();
      assertTrue(k32.CloseHandle(h));
      assertTrue(k32.CloseHandle(earlyDone));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void policySeesKindDeviceOffsetLengthCacheStateAndSequenceOfEachRequest() {
    List<IoRequestInfo> seen = new ArrayList<>();
    DriverPolicy recording =
        request -> {
          seen.add(request);
          return true;
        };
    long far = (1L << 32) + 5;
    try (Simulation sim = Simulation.builder().driver(recording).build()) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE file = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      assertTrue(issue(k32, file, true, buffer, 3, far));
      assertTrue(issue(k32, file, false, buffer, 4, 2));
      assertTrue(issue(k32, file, false, buffer, 4, 6));
      HANDLE server = createPipeServer(k32, PIPE, true);
      HANDLE client = k32.CreateFile(PIPE, READ_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
      assertTrue(k32.WriteFile(client, ascii("xy"), 2, new IntByReference(), null));
      assertTrue(issue(k32, server, false, buffer, 2, 0));

      assertEquals(5, seen.size(), seen.toString());
      IoRequestInfo write = seen.get(0);
      assertEquals(IoRequestInfo.Kind.WRITE, write.kind());
      assertEquals("data.bin", write.device());
      assertTrue(write.seeking());
      assertEquals(far, write.offset());
      assertEquals(3, write.length());
      assertFalse(write.cached());
      IoRequestInfo coldRead = seen.get(1);
      assertEquals(IoRequestInfo.Kind.READ, coldRead.kind());
      assertEquals(2, coldRead.offset());
      assertEquals(4, coldRead.length());
      assertFalse(coldRead.cached(), "putFile leaves nothing in the cache");
      assertTrue(seen.get(2).cached(), "the page was read a moment ago");
      IoRequestInfo pipeWrite = seen.get(3);
      assertEquals(IoRequestInfo.Kind.WRITE, pipeWrite.kind());
      assertFalse(pipeWrite.seeking());
      assertTrue(pipeWrite.device().startsWith(PIPE), pipeWrite.device());
      IoRequestInfo pipeRead = seen.get(4);
      assertEquals(IoRequestInfo.Kind.READ, pipeRead.kind());
      assertFalse(pipeRead.seeking());
      assertEquals(0, pipeRead.offset());
      assertTrue(pipeRead.cached(), "data is waiting in the pipe");
      for (int i = 0; i < seen.size(); i++) {
        assertEquals(i + 1, seen.get(i).sequence());
      }
      buffer.close();
      for (HANDLE h : new HANDLE[] {file, client, server}) {
        assertTrue(k32.CloseHandle(h));
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }
}
