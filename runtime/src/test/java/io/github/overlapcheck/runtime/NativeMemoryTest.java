package io.github.overlapcheck.runtime;

import static io.github.overlapcheck.runtime.RuntimeTestSupport.ascii;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.kinds;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.openFile;
import static io.github.overlapcheck.runtime.RuntimeTestSupport.overlappedAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Item 9 of issue 2: buffers and OVERLAPPED structures live in simulated native memory with
 * lifetimes (LocalAlloc/LocalFree, Memory.close(), arenas freed at the end of a scope), and JNA's
 * marshalling is modelled: a Java array or heap ByteBuffer is copied to a temporary block freed
 * when the call returns; a Structure passed by value is written before and read after each call.
 */
class NativeMemoryTest {
  private static final ViolationKind FREED_WHILE_PENDING = ViolationKind.FREED_WHILE_PENDING;
  private static final ViolationKind KERNEL_WRITE_TO_FREED = ViolationKind.KERNEL_WRITE_TO_FREED;

  private static Simulation simulation(DriverPolicy policy) {
    return Simulation.builder().driver(policy).build();
  }

  private static byte[] filled(int length, char c) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  // ---------------------------------------------------------------------------------------------
  // LocalAlloc, LocalFree, Memory.close()

  @Test
  void localAllocMemoryHoldsDataUntilLocalFree() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory memory = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 16);
      assertEquals(16, memory.size());
      assertTrue(memory.valid());
      assertArrayEquals(new byte[16], memory.getByteArray(0, 16));
      memory.setInt(4, 0x01020304);
      assertEquals(0x01020304, memory.getInt(4));
      assertEquals(0x04, memory.getByte(4), "little-endian, as on x64");
      assertNull(k32.LocalFree(memory));
      assertFalse(memory.valid());
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void memoryCloseFreesLocalAllocMemory() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      try (Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, 8)) {
        memory.setLong(0, 42);
        assertEquals(42, memory.getLong(0));
        assertTrue(memory.valid());
      }
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void localAllocMemoryNeverFreedIsReportedAsLeakedAtShutdown() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory kept = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      Memory freed = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      freed.close();
      assertTrue(kept.valid());
      List<Violation> violations = sim.shutdown();
      assertEquals(List.of(ViolationKind.LEAKED_MEMORY), kinds(violations));
      assertTrue(violations.get(0).block().isPresent());
    }
  }

  @Test
  void localFreeTwiceIsADoubleFree() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      assertNull(k32.LocalFree(memory));
      assertEquals(List.of(), kinds(sim.violations()));
      k32.LocalFree(memory);
      List<Violation> violations = sim.shutdown();
      assertEquals(List.of(ViolationKind.DOUBLE_FREE), kinds(violations));
      Violation doubleFree = violations.get(0);
      assertTrue(doubleFree.block().isPresent());
      assertTrue(doubleFree.allocatedAt().isPresent());
      assertTrue(doubleFree.freedAt().isPresent(), "where it was freed the first time");
    }
  }

  @Test
  void memoryCloseAfterLocalFreeIsADoubleFree() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      memory.close();
      memory.close();
      assertNull(k32.LocalFree(memory));
      assertEquals(
          List.of(ViolationKind.DOUBLE_FREE, ViolationKind.DOUBLE_FREE), kinds(sim.shutdown()));
    }
  }

  @Test
  void localFreeOfNullReturnsNullAndRecordsNothing() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      assertNull(k32.LocalFree(null));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void localFreeOfMemoryNotFromLocalAllocFailsWithInvalidHandleAndFreesNothing() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory heap = k32.LocalAlloc(WinBase.LMEM_FIXED, 16);
      Pointer inside = heap.share(4);
      assertSame(inside, k32.LocalFree(inside));
      assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
      assertTrue(heap.valid());
      try (Arena arena = k32.openArena()) {
        Memory scoped = arena.allocate(8);
        assertSame(scoped, k32.LocalFree(scoped));
        assertEquals(WinError.ERROR_INVALID_HANDLE, k32.GetLastError());
        assertTrue(scoped.valid());
      }
      assertNull(k32.LocalFree(heap));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void programReadingFreedMemoryIsUseAfterFree() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      memory.setInt(0, 7);
      memory.close();
      assertEquals(List.of(), kinds(sim.violations()));
      memory.getInt(0);
      List<Violation> violations = sim.shutdown();
      assertEquals(List.of(ViolationKind.USE_AFTER_FREE), kinds(violations));
      assertTrue(violations.get(0).freedAt().isPresent());
    }
  }

  @Test
  void programWritingFreedMemoryIsUseAfterFree() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory memory = k32.LocalAlloc(WinBase.LMEM_FIXED, 8);
      assertNull(k32.LocalFree(memory));
      memory.setByte(3, (byte) 1);
      assertEquals(List.of(ViolationKind.USE_AFTER_FREE), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Arenas: allocation scoped to a block

  @Test
  void arenaCloseFreesEverythingAllocatedInIt() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Memory first;
      Memory second;
      OVERLAPPED ov;
      try (Arena arena = k32.openArena()) {
        first = arena.allocate(16);
        second = arena.allocate(32);
        ov = new OVERLAPPED(arena);
        assertTrue(first.valid() && second.valid());
        assertEquals(32, second.size());
      }
      assertFalse(first.valid());
      assertFalse(second.valid());
      assertEquals(List.of(), kinds(sim.violations()), "nothing leaked, nothing misused");
      ov.read();
      assertEquals(List.of(ViolationKind.USE_AFTER_FREE), kinds(sim.shutdown()));
    }
  }

  @Test
  void arenaNeverClosedLeaksItsBlocks() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Arena arena = k32.openArena();
      Memory first = arena.allocate(8);
      Memory second = arena.allocate(8);
      assertTrue(first.valid() && second.valid());
      assertEquals(
          List.of(ViolationKind.LEAKED_MEMORY, ViolationKind.LEAKED_MEMORY), kinds(sim.shutdown()));
    }
  }

  @Test
  void arenaRefusesAllocationAfterItClosed() {
    try (Simulation sim = Simulation.create()) {
      Kernel32 k32 = sim.kernel32();
      Arena arena = k32.openArena();
      arena.close();
      assertThrows(IllegalStateException.class, () -> arena.allocate(8));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void arenaBufferAndOverlappedFreedWhileTheirReadIsPendingAreWrittenByTheKernelLater() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      try (Arena frame = k32.openArena()) {
        Memory buffer = frame.allocate(4);
        OVERLAPPED ov = new OVERLAPPED(frame);
        assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
        assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      } // the "function" returns with its read still pending
      assertEquals(List.of(FREED_WHILE_PENDING, FREED_WHILE_PENDING), kinds(sim.violations()));
      assertEquals(1, sim.pendingOperations());
      assertEquals(1, sim.advanceAll());
      // The data into the buffer, then the status and the byte count into the OVERLAPPED: one
      // report per freed block.
      assertEquals(
          List.of(
              FREED_WHILE_PENDING,
              FREED_WHILE_PENDING,
              KERNEL_WRITE_TO_FREED,
              KERNEL_WRITE_TO_FREED),
          kinds(sim.violations()));
      assertTrue(k32.CloseHandle(h));
      List<Violation> violations = sim.shutdown();
      assertEquals(4, violations.size());
      Violation kernelWrite = violations.get(2);
      assertTrue(kernelWrite.operation().orElse("").contains("ReadFile"));
      assertTrue(kernelWrite.freedAt().isPresent());
    }
  }

  @Test
  void arenaBufferFreedWhileItsReadIsPendingIsFreedWhilePendingThenKernelWriteToFreed() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      OVERLAPPED ov = new OVERLAPPED(k32);
      try (Arena frame = k32.openArena()) {
        Memory buffer = frame.allocate(4);
        assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      }
      assertEquals(List.of(FREED_WHILE_PENDING), kinds(sim.violations()));
      assertEquals(1, sim.advanceAll());
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(sim.violations()));
      IntByReference bytes = new IntByReference(-1);
      assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), bytes, false));
      assertEquals(4, bytes.getValue());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(sim.shutdown()));
    }
  }

  @Test
  void arenaOverlappedFreedWhileItsReadIsPendingGetsTheStatusWrittenIntoFreedMemory() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      try (Arena frame = k32.openArena()) {
        OVERLAPPED ov = new OVERLAPPED(frame);
        assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      }
      assertEquals(List.of(FREED_WHILE_PENDING), kinds(sim.violations()));
      assertEquals(1, sim.advanceAll());
      assertArrayEquals(ascii("0123"), buffer.getByteArray(0, 4), "the buffer was alive");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(sim.shutdown()));
    }
  }

  @Test
  void arenaClosedAfterItsReadCompletedIsClean() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      try (Arena frame = k32.openArena()) {
        Memory buffer = frame.allocate(4);
        OVERLAPPED ov = new OVERLAPPED(frame);
        assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
        IntByReference bytes = new IntByReference(-1);
        assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), bytes, true));
        assertEquals(4, bytes.getValue());
        assertArrayEquals(ascii("0123"), buffer.getByteArray(0, 4));
      }
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JNA marshalling of Java arrays and heap ByteBuffers

  @Test
  void byteArrayReadCompletedSynchronouslyReceivesTheData() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      byte[] array = filled(6, '.');
      OVERLAPPED ov = overlappedAt(k32, 3, null);
      assertTrue(k32.ReadFile(h, array, 4, null, ov));
      assertArrayEquals(ascii("3456.."), array);
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void byteArrayReadThatGoesPendingNeverReceivesTheDataAndTheKernelWritesFreedMemory() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      byte[] array = filled(4, '.');
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(h, array, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      List<Violation> atReturn = sim.violations();
      assertEquals(List.of(FREED_WHILE_PENDING), kinds(atReturn));
      assertTrue(atReturn.get(0).operation().orElse("").contains("ReadFile"));

      IntByReference bytes = new IntByReference(-1);
      assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), bytes, true));
      assertEquals(4, bytes.getValue(), "the read itself succeeded...");
      assertArrayEquals(filled(4, '.'), array, "...into JNA's freed copy, not the array");
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(sim.shutdown()));
    }
  }

  @Test
  void byteArrayReadOnASynchronousHandleReceivesTheDataThoughTheDriverPends() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", false);
      byte[] array = filled(4, '.');
      assertTrue(k32.ReadFile(h, array, 4, new IntByReference(), null));
      assertArrayEquals(ascii("0123"), array);
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void byteArrayWriteThatGoesPendingMakesTheKernelTakeTheDataFromFreedMemory() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[0]);
      HANDLE h = openFile(k32, "data.bin", true);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.WriteFile(h, ascii("gone"), 4, null, ov));
      assertEquals(List.of(FREED_WHILE_PENDING), kinds(sim.violations()));
      assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), new IntByReference(), true));
      assertTrue(k32.CloseHandle(h));
      assertEquals(
          List.of(FREED_WHILE_PENDING, ViolationKind.KERNEL_READ_FROM_FREED),
          kinds(sim.shutdown()));
    }
  }

  @Test
  void byteArrayWriteCompletedSynchronouslyIsClean() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", new byte[0]);
      HANDLE h = openFile(k32, "data.bin", true);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertTrue(k32.WriteFile(h, ascii("kept"), 4, null, ov));
      assertArrayEquals(ascii("kept"), sim.fileContents("data.bin"));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void heapByteBufferReadCompletedSynchronouslyReceivesTheDataAtItsPosition() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      ByteBuffer buffer = ByteBuffer.wrap(filled(8, '.'));
      buffer.position(2);
      OVERLAPPED ov = overlappedAt(k32, 5, null);
      assertTrue(k32.ReadFile(h, buffer, 4, null, ov));
      assertArrayEquals(ascii("..5678.."), buffer.array());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void heapByteBufferReadThatGoesPendingNeverReceivesTheData() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      ByteBuffer buffer = ByteBuffer.allocate(4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      assertEquals(WinError.ERROR_IO_PENDING, k32.GetLastError());
      assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), new IntByReference(), true));
      assertArrayEquals(new byte[4], buffer.array());
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(FREED_WHILE_PENDING, KERNEL_WRITE_TO_FREED), kinds(sim.shutdown()));
    }
  }

  @Test
  void directByteBufferIsRefusedAsOutsideSimulatedMemory() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123"));
      HANDLE h = openFile(k32, "data.bin", false);
      ByteBuffer direct = ByteBuffer.allocateDirect(4);
      assertThrows(IllegalArgumentException.class, () -> k32.ReadFile(h, direct, 4, null, null));
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // A Structure OVERLAPPED: auto-sync by value, none by pointer or with auto-sync off

  @Test
  void overlappedPassedByValueIsWrittenToNativeMemoryBeforeTheCall() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Offset = 6; // only the Java field: no write() before the call
      assertTrue(k32.ReadFile(h, buffer, 3, null, ov));
      assertArrayEquals(ascii("678"), buffer.getByteArray(0, 3));
      assertEquals(6, ov.getPointer().getInt(16), "native Offset");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedPassedByValueShowsStatusPendingInItsJavaFieldsAfterAPendingCall() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertEquals(0, ov.Internal);
      assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      assertEquals(WinError.STATUS_PENDING, ov.Internal, "read back after the call");
      assertEquals(1, sim.advanceAll());
      assertEquals(WinError.STATUS_PENDING, ov.Internal, "no call, so no read back");
      ov.read();
      assertEquals(WinError.STATUS_SUCCESS, ov.Internal);
      assertEquals(4, ov.InternalHigh);
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedPassedByValueShowsTheResultOfASynchronousCompletionInItsJavaFields() {
    try (Simulation sim = simulation(DriverPolicy.alwaysSynchronous())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 5);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Internal = 0x5555;
      ov.InternalHigh = 0x5555;
      assertTrue(k32.ReadFile(h, buffer, 5, null, ov));
      assertEquals(WinError.STATUS_SUCCESS, ov.Internal);
      assertEquals(5, ov.InternalHigh);
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedPassedAsPointerIsNeitherWrittenBeforeNorReadAfterTheCall() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Offset = 6; // never written to native memory
      assertFalse(k32.ReadFile(h, buffer, 3, null, ov.getPointer()));
      assertEquals(0, ov.Internal, "the Java field was not read back");
      assertEquals(WinError.STATUS_PENDING, ov.getPointer().getLong(0), "native Internal");
      IntByReference bytes = new IntByReference(-1);
      assertTrue(k32.GetOverlappedResult(h, ov.getPointer(), bytes, true));
      assertArrayEquals(ascii("012"), buffer.getByteArray(0, 3), "read at native Offset 0");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedWithAutoSynchOffIsNeitherWrittenBeforeNorReadAfterTheCall() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 3);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.setAutoSynch(false);
      assertFalse(ov.getAutoRead() || ov.getAutoWrite());
      ov.Offset = 6;
      assertFalse(k32.ReadFile(h, buffer, 3, null, ov));
      assertEquals(0, ov.Internal, "the Java field was not read back");
      assertEquals(WinError.STATUS_PENDING, ov.getPointer().getLong(0), "native Internal");
      IntByReference bytes = new IntByReference(-1);
      assertTrue(k32.GetOverlappedResult(h, ov, bytes, true));
      assertEquals(3, bytes.getValue());
      assertArrayEquals(ascii("012"), buffer.getByteArray(0, 3), "read at native Offset 0");
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void autoWriteAndAutoReadCanBeTurnedOffSeparately() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 2);

      OVERLAPPED readOnly = new OVERLAPPED(k32);
      readOnly.setAutoWrite(false);
      readOnly.Offset = 8; // not written: the read uses native Offset 0
      assertFalse(k32.ReadFile(h, buffer, 2, null, readOnly));
      assertEquals(WinError.STATUS_PENDING, readOnly.Internal, "but read back");
      assertTrue(k32.GetOverlappedResult(h, readOnly.getPointer(), new IntByReference(), true));
      assertArrayEquals(ascii("01"), buffer.getByteArray(0, 2));

      OVERLAPPED writeOnly = new OVERLAPPED(k32);
      writeOnly.setAutoRead(false);
      writeOnly.Offset = 8; // written: the read uses Offset 8
      assertFalse(k32.ReadFile(h, buffer, 2, null, writeOnly));
      assertEquals(0, writeOnly.Internal, "not read back");
      assertTrue(k32.GetOverlappedResult(h, writeOnly.getPointer(), new IntByReference(), true));
      assertArrayEquals(ascii("89"), buffer.getByteArray(0, 2));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }

  @Test
  void staleOverlappedPassedByValueAfterCompletionOverwritesTheKernelsStatus() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      assertEquals(1, sim.advanceAll());
      assertEquals(0, sim.pendingOperations());
      // The Java copy still says STATUS_PENDING, 0 bytes: written back before the call.
      IntByReference bytes = new IntByReference(-1);
      assertFalse(k32.GetOverlappedResult(h, ov, bytes, false));
      assertEquals(WinError.ERROR_IO_INCOMPLETE, k32.GetLastError(), "a completed read");
      assertEquals(WinError.STATUS_PENDING, ov.getPointer().getLong(0));
      assertArrayEquals(ascii("0123"), buffer.getByteArray(0, 4));
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(ViolationKind.STALE_OVERLAPPED_WRITE_BACK), kinds(sim.shutdown()));
    }
  }

  @Test
  void overlappedReadBeforePassingByValueAgainReportsTheRealResult() {
    try (Simulation sim = simulation(DriverPolicy.alwaysPending())) {
      Kernel32 k32 = sim.kernel32();
      sim.putFile("data.bin", ascii("0123456789"));
      HANDLE h = openFile(k32, "data.bin", true);
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
      OVERLAPPED ov = new OVERLAPPED(k32);
      assertFalse(k32.ReadFile(h, buffer, 4, null, ov));
      assertEquals(1, sim.advanceAll());
      ov.read();
      IntByReference bytes = new IntByReference(-1);
      assertTrue(k32.GetOverlappedResult(h, ov, bytes, false));
      assertEquals(4, bytes.getValue());
      buffer.close();
      assertTrue(k32.CloseHandle(h));
      assertEquals(List.of(), kinds(sim.shutdown()));
    }
  }
}
