package io.github.overlapcheck.runtime;

import io.github.overlapcheck.runtime.Machine.EventObject;
import io.github.overlapcheck.runtime.Machine.FileObject;
import io.github.overlapcheck.runtime.Machine.IoKind;
import io.github.overlapcheck.runtime.Machine.KObject;
import io.github.overlapcheck.runtime.Machine.Packet;
import io.github.overlapcheck.runtime.Machine.PipeEnd;
import io.github.overlapcheck.runtime.Machine.PipeInstance;
import io.github.overlapcheck.runtime.Machine.PortObject;
import io.github.overlapcheck.runtime.Machine.SimThread;
import io.github.overlapcheck.runtime.Machine.Wait;
import io.github.overlapcheck.runtime.Machine.WaitOutcome;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The Win32 functions of the simulation, named and ordered as in Win32 and JNA's {@code Kernel32},
 * so code written against it reads like the documentation. Overloads mirror JNA's marshalling: a
 * {@link Structure} passed by value is written before and read after the call; a Java array or heap
 * {@link ByteBuffer} is copied to temporary native memory that is freed when the call returns; a
 * {@link Pointer} is passed as it is.
 *
 * <p>Every call must come from a simulated thread: the one that created the {@link Simulation} or
 * one started with {@link #CreateThread}.
 */
@SuppressWarnings("MethodName") // Win32 function names, as JNA spells them
public final class Kernel32 {
  private final Machine m;

  Kernel32(Machine machine) {
    this.m = machine;
  }

  Machine machine() {
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // Files and pipes

  /**
   * Opens a disk file or the client end of a named pipe ({@code \\.\pipe\name}). With {@link
   * WinBase#FILE_FLAG_OVERLAPPED} in {@code dwFlagsAndAttributes} the handle is asynchronous.
   */
  public HANDLE CreateFile(
      String lpFileName,
      int dwDesiredAccess,
      int dwShareMode,
      Object lpSecurityAttributes,
      int dwCreationDisposition,
      int dwFlagsAndAttributes,
      HANDLE hTemplateFile) {
    return m.api(
        () -> {
          boolean overlapped = (dwFlagsAndAttributes & WinBase.FILE_FLAG_OVERLAPPED) != 0;
          if (Machine.isPipeName(lpFileName)) {
            PipeInstance pipe = m.freePipeInstance(lpFileName);
            if (pipe == null) {
              m.fail(
                  m.pipeExists(lpFileName)
                      ? WinError.ERROR_PIPE_BUSY
                      : WinError.ERROR_FILE_NOT_FOUND);
              return HANDLE.INVALID_HANDLE_VALUE;
            }
            FileObject client =
                new FileObject(new PipeEnd(pipe, false), overlapped, dwDesiredAccess);
            pipe.client = client;
            HANDLE h = m.newHandle(client);
            m.runningThread().lastError = WinError.ERROR_SUCCESS;
            return h;
          }
          Machine.DiskFile file = m.file(lpFileName);
          int disposition = dwCreationDisposition;
          if (disposition < WinBase.CREATE_NEW || disposition > WinBase.TRUNCATE_EXISTING) {
            m.fail(WinError.ERROR_INVALID_PARAMETER);
            return HANDLE.INVALID_HANDLE_VALUE;
          }
          boolean mustExist =
              disposition == WinBase.OPEN_EXISTING || disposition == WinBase.TRUNCATE_EXISTING;
          if (file == null && mustExist) {
            m.fail(WinError.ERROR_FILE_NOT_FOUND);
            return HANDLE.INVALID_HANDLE_VALUE;
          }
          if (file != null && disposition == WinBase.CREATE_NEW) {
            m.fail(WinError.ERROR_FILE_EXISTS);
            return HANDLE.INVALID_HANDLE_VALUE;
          }
          // CREATE_ALWAYS and OPEN_ALWAYS report an existing file through the last error.
          int error =
              file != null && !mustExist ? WinError.ERROR_ALREADY_EXISTS : WinError.ERROR_SUCCESS;
          if (file == null) {
            file = m.createFile(lpFileName);
          } else if (disposition == WinBase.CREATE_ALWAYS
              || disposition == WinBase.TRUNCATE_EXISTING) {
            file.truncate();
          }
          HANDLE h = m.newHandle(new FileObject(file, overlapped, dwDesiredAccess));
          m.runningThread().lastError = error;
          return h;
        });
  }

  /**
   * Creates the server end of a named pipe instance; with {@link WinBase#FILE_FLAG_OVERLAPPED} in
   * {@code dwOpenMode} it is asynchronous. Byte mode only.
   */
  public HANDLE CreateNamedPipe(
      String lpName,
      int dwOpenMode,
      int dwPipeMode,
      int nMaxInstances,
      int nOutBufferSize,
      int nInBufferSize,
      int nDefaultTimeOut,
      Object lpSecurityAttributes) {
    return m.api(
        () -> {
          if (!Machine.isPipeName(lpName)) {
            m.fail(WinError.ERROR_INVALID_PARAMETER);
            return HANDLE.INVALID_HANDLE_VALUE;
          }
          PipeInstance pipe = m.newPipeInstance(lpName);
          int access = 0;
          if ((dwOpenMode & WinBase.PIPE_ACCESS_INBOUND) != 0) {
            access |= WinBase.GENERIC_READ;
          }
          if ((dwOpenMode & WinBase.PIPE_ACCESS_OUTBOUND) != 0) {
            access |= WinBase.GENERIC_WRITE;
          }
          boolean overlapped = (dwOpenMode & WinBase.FILE_FLAG_OVERLAPPED) != 0;
          FileObject server = new FileObject(new PipeEnd(pipe, true), overlapped, access);
          pipe.server = server;
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return m.newHandle(server);
        });
  }

  /**
   * Waits for a client on the server end. Fails with ERROR_PIPE_CONNECTED when the client is
   * already there: then nothing is started and the OVERLAPPED's event is never signalled.
   */
  public boolean ConnectNamedPipe(HANDLE hNamedPipe, OVERLAPPED lpOverlapped) {
    return byValue(lpOverlapped, ov -> connect(hNamedPipe, ov));
  }

  public boolean ConnectNamedPipe(HANDLE hNamedPipe, Pointer lpOverlapped) {
    return m.api(() -> connect(hNamedPipe, lpOverlapped));
  }

  private boolean connect(HANDLE pipe, Pointer overlapped) {
    return m.startIo(IoKind.CONNECT, pipe, null, 0, null, overlapped, null, "ConnectNamedPipe");
  }

  /** Closes any handle. Closing a file with operations pending aborts them, and is recorded. */
  public boolean CloseHandle(HANDLE hObject) {
    return m.api(
        () -> {
          KObject o = m.object(hObject);
          if (o == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          m.closeHandle(o);
          return true;
        });
  }

  public boolean ReadFile(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead,
      OVERLAPPED lpOverlapped) {
    return byValue(
        lpOverlapped,
        ov -> io(IoKind.READ, hFile, lpBuffer, nNumberOfBytesToRead, lpNumberOfBytesRead, ov));
  }

  public boolean ReadFile(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead,
      Pointer lpOverlapped) {
    return m.api(
        () ->
            io(
                IoKind.READ,
                hFile,
                lpBuffer,
                nNumberOfBytesToRead,
                lpNumberOfBytesRead,
                lpOverlapped));
  }

  /** JNA copies the array to temporary native memory, freed when this call returns. */
  public boolean ReadFile(
      HANDLE hFile,
      byte[] lpBuffer,
      int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead,
      OVERLAPPED lpOverlapped) {
    return byValue(
        lpOverlapped,
        ov ->
            withArray(
                lpBuffer,
                0,
                lpBuffer == null ? 0 : lpBuffer.length,
                buf -> io(IoKind.READ, hFile, buf, nNumberOfBytesToRead, lpNumberOfBytesRead, ov)));
  }

  /** A heap buffer is copied like an array; a direct buffer is outside simulated memory. */
  public boolean ReadFile(
      HANDLE hFile,
      ByteBuffer lpBuffer,
      int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead,
      OVERLAPPED lpOverlapped) {
    return byValue(
        lpOverlapped,
        ov ->
            withBuffer(
                lpBuffer,
                buf -> io(IoKind.READ, hFile, buf, nNumberOfBytesToRead, lpNumberOfBytesRead, ov)));
  }

  public boolean WriteFile(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten,
      OVERLAPPED lpOverlapped) {
    return byValue(
        lpOverlapped,
        ov -> io(IoKind.WRITE, hFile, lpBuffer, nNumberOfBytesToWrite, lpNumberOfBytesWritten, ov));
  }

  public boolean WriteFile(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten,
      Pointer lpOverlapped) {
    return m.api(
        () ->
            io(
                IoKind.WRITE,
                hFile,
                lpBuffer,
                nNumberOfBytesToWrite,
                lpNumberOfBytesWritten,
                lpOverlapped));
  }

  /** JNA copies the array to temporary native memory, freed when this call returns. */
  public boolean WriteFile(
      HANDLE hFile,
      byte[] lpBuffer,
      int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten,
      OVERLAPPED lpOverlapped) {
    return byValue(
        lpOverlapped,
        ov ->
            withArray(
                lpBuffer,
                0,
                lpBuffer == null ? 0 : lpBuffer.length,
                buf ->
                    io(
                        IoKind.WRITE,
                        hFile,
                        buf,
                        nNumberOfBytesToWrite,
                        lpNumberOfBytesWritten,
                        ov)));
  }

  /** A heap buffer is copied like an array; a direct buffer is outside simulated memory. */
  public boolean WriteFile(
      HANDLE hFile,
      ByteBuffer lpBuffer,
      int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten,
      OVERLAPPED lpOverlapped) {
    return byValue(
        lpOverlapped,
        ov ->
            withBuffer(
                lpBuffer,
                buf ->
                    io(
                        IoKind.WRITE,
                        hFile,
                        buf,
                        nNumberOfBytesToWrite,
                        lpNumberOfBytesWritten,
                        ov)));
  }

  /**
   * Starts a read whose routine is queued to this thread at completion, and runs only when the
   * thread next waits alertably. Returns TRUE when the read was started, pending or not.
   */
  public boolean ReadFileEx(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToRead,
      OVERLAPPED lpOverlapped,
      OVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return byValue(
        lpOverlapped,
        ov -> ioEx(IoKind.READ, hFile, lpBuffer, nNumberOfBytesToRead, ov, lpCompletionRoutine));
  }

  public boolean ReadFileEx(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToRead,
      Pointer lpOverlapped,
      OVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return m.api(
        () ->
            ioEx(
                IoKind.READ,
                hFile,
                lpBuffer,
                nNumberOfBytesToRead,
                lpOverlapped,
                lpCompletionRoutine));
  }

  public boolean WriteFileEx(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToWrite,
      OVERLAPPED lpOverlapped,
      OVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return byValue(
        lpOverlapped,
        ov -> ioEx(IoKind.WRITE, hFile, lpBuffer, nNumberOfBytesToWrite, ov, lpCompletionRoutine));
  }

  public boolean WriteFileEx(
      HANDLE hFile,
      Pointer lpBuffer,
      int nNumberOfBytesToWrite,
      Pointer lpOverlapped,
      OVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
    return m.api(
        () ->
            ioEx(
                IoKind.WRITE,
                hFile,
                lpBuffer,
                nNumberOfBytesToWrite,
                lpOverlapped,
                lpCompletionRoutine));
  }

  private boolean io(
      IoKind kind, HANDLE h, Pointer buffer, int length, IntByReference done, Pointer ov) {
    String api = kind == IoKind.READ ? "ReadFile" : "WriteFile";
    return m.startIo(kind, h, buffer, length, done, ov, null, api);
  }

  private boolean ioEx(
      IoKind kind,
      HANDLE h,
      Pointer buffer,
      int length,
      Pointer ov,
      OVERLAPPED_COMPLETION_ROUTINE routine) {
    if (routine == null || ov == null) {
      return m.fail(WinError.ERROR_INVALID_PARAMETER);
    }
    String api = kind == IoKind.READ ? "ReadFileEx" : "WriteFileEx";
    return m.startIo(kind, h, buffer, length, null, ov, routine, api);
  }

  /**
   * Moves the file pointer of a synchronous handle. On an asynchronous handle the system keeps no
   * file pointer: the call succeeds, and an operation that then ignores it is recorded.
   */
  public boolean SetFilePointerEx(
      HANDLE hFile, long liDistanceToMove, LongByReference lpNewFilePointer, int dwMoveMethod) {
    return m.api(
        () -> {
          FileObject f = m.object(hFile, FileObject.class);
          if (f == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          if (!f.device.seeking()) {
            return m.fail(WinError.ERROR_INVALID_PARAMETER);
          }
          long base;
          if (dwMoveMethod == WinBase.FILE_BEGIN) {
            base = 0;
          } else if (dwMoveMethod == WinBase.FILE_CURRENT) {
            base = f.filePointer;
          } else if (dwMoveMethod == WinBase.FILE_END) {
            base = ((Machine.DiskFile) f.device).length;
          } else {
            return m.fail(WinError.ERROR_INVALID_PARAMETER);
          }
          long position = base + liDistanceToMove;
          if (position < 0) {
            return m.fail(WinError.ERROR_NEGATIVE_SEEK);
          }
          f.filePointer = position;
          if (f.overlapped) {
            f.ignoredFilePointer = position;
          }
          if (lpNewFilePointer != null) {
            lpNewFilePointer.setValue(position);
          }
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return true;
        });
  }

  /**
   * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: no packet when an operation completes synchronously with
   * success. FILE_SKIP_SET_EVENT_ON_HANDLE: the file handle is not signalled at completion.
   */
  public boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags) {
    return m.api(
        () -> {
          FileObject f = m.object(FileHandle, FileObject.class);
          if (f == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          int known =
              WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE;
          if ((Flags & ~known) != 0) {
            return m.fail(WinError.ERROR_INVALID_PARAMETER);
          }
          if ((Flags & WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) != 0) {
            f.skipPortOnSuccess = true;
          }
          if ((Flags & WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE) != 0) {
            f.skipSetEventOnHandle = true;
          }
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return true;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  public HANDLE CreateEvent(
      Object lpEventAttributes, boolean bManualReset, boolean bInitialState, String lpName) {
    return m.api(() -> m.newHandle(new EventObject(bManualReset, bInitialState)));
  }

  public boolean SetEvent(HANDLE hEvent) {
    return m.api(
        () -> {
          EventObject e = m.object(hEvent, EventObject.class);
          if (e == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          e.state = true;
          return true;
        });
  }

  public boolean ResetEvent(HANDLE hEvent) {
    return m.api(
        () -> {
          EventObject e = m.object(hEvent, EventObject.class);
          if (e == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          e.state = false;
          return true;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Completion ports and the thread pool

  /**
   * With {@code FileHandle} INVALID_HANDLE_VALUE and no existing port: creates a port. Otherwise
   * associates the (asynchronous) file with {@code ExistingCompletionPort}, or with a new port if
   * that is null, under {@code CompletionKey}; returns the port.
   */
  public HANDLE CreateIoCompletionPort(
      HANDLE FileHandle,
      HANDLE ExistingCompletionPort,
      long CompletionKey,
      int NumberOfConcurrentThreads) {
    return m.api(
        () -> {
          PortObject port;
          if (ExistingCompletionPort == null) {
            port = null;
          } else {
            port = m.object(ExistingCompletionPort, PortObject.class);
            if (port == null) {
              m.fail(WinError.ERROR_INVALID_HANDLE);
              return null;
            }
          }
          if (HANDLE.INVALID_HANDLE_VALUE.equals(FileHandle)) {
            if (port != null) {
              m.fail(WinError.ERROR_INVALID_PARAMETER);
              return null;
            }
            return m.newHandle(new PortObject());
          }
          FileObject f = m.object(FileHandle, FileObject.class);
          if (f == null) {
            m.fail(WinError.ERROR_INVALID_HANDLE);
            return null;
          }
          if (!f.overlapped || f.port != null) {
            m.fail(WinError.ERROR_INVALID_PARAMETER);
            return null;
          }
          HANDLE result;
          if (port == null) {
            port = new PortObject();
            result = m.newHandle(port);
          } else {
            result = ExistingCompletionPort;
          }
          f.port = port;
          f.key = CompletionKey;
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return result;
        });
  }

  /**
   * Dequeues a packet. TRUE: an operation succeeded. FALSE with a non-null OVERLAPPED: it failed
   * (the error in GetLastError). FALSE with a null OVERLAPPED: timeout (WAIT_TIMEOUT), the port was
   * closed (ERROR_ABANDONED_WAIT_0), or nothing could ever arrive (ERROR_POSSIBLE_DEADLOCK).
   */
  public boolean GetQueuedCompletionStatus(
      HANDLE CompletionPort,
      IntByReference lpNumberOfBytes,
      ULONG_PTRByReference lpCompletionKey,
      PointerByReference lpOverlapped,
      int dwMilliseconds) {
    return m.api(
        () -> {
          PortObject port = m.object(CompletionPort, PortObject.class);
          lpOverlapped.setValue(null);
          if (port == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          WaitOutcome outcome =
              m.block(
                  new Wait(
                      "a packet on " + port.describe(),
                      () -> !port.packets.isEmpty() || port.closed),
                  timeout(dwMilliseconds));
          if (outcome == WaitOutcome.TIMEOUT) {
            return m.fail(WinError.WAIT_TIMEOUT);
          }
          if (outcome == WaitOutcome.DEADLOCK) {
            return m.fail(WinError.ERROR_POSSIBLE_DEADLOCK);
          }
          if (port.packets.isEmpty()) {
            return m.fail(WinError.ERROR_ABANDONED_WAIT_0);
          }
          Packet p = port.packets.removeFirst();
          lpNumberOfBytes.setValue(p.bytes);
          lpCompletionKey.setValue(p.key);
          lpOverlapped.setValue(p.overlapped);
          if (!WinError.isSuccess(p.status)) {
            return m.fail(WinError.toWin32(p.status));
          }
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return true;
        });
  }

  public boolean PostQueuedCompletionStatus(
      HANDLE CompletionPort,
      int dwNumberOfBytesTransferred,
      long dwCompletionKey,
      Pointer lpOverlapped) {
    return m.api(
        () -> {
          PortObject port = m.object(CompletionPort, PortObject.class);
          if (port == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          m.post(
              port,
              new Packet(
                  dwNumberOfBytesTransferred,
                  dwCompletionKey,
                  lpOverlapped,
                  WinError.STATUS_SUCCESS,
                  null,
                  "PostQueuedCompletionStatus"));
          return true;
        });
  }

  /**
   * Binds an asynchronous file to the thread pool's port: a pool thread calls {@code Function} for
   * every completion on it, synchronous ones included.
   */
  public boolean BindIoCompletionCallback(
      HANDLE FileHandle, OVERLAPPED_COMPLETION_ROUTINE Function, int Flags) {
    return m.api(
        () -> {
          FileObject f = m.object(FileHandle, FileObject.class);
          if (f == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          if (!f.overlapped || f.port != null || Function == null) {
            return m.fail(WinError.ERROR_INVALID_PARAMETER);
          }
          f.port = m.poolPort();
          f.poolCallback = Function;
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return true;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Waiting

  public int WaitForSingleObject(HANDLE hHandle, int dwMilliseconds) {
    return WaitForMultipleObjectsEx(1, new HANDLE[] {hHandle}, false, dwMilliseconds, false);
  }

  public int WaitForSingleObjectEx(HANDLE hHandle, int dwMilliseconds, boolean bAlertable) {
    return WaitForMultipleObjectsEx(1, new HANDLE[] {hHandle}, false, dwMilliseconds, bAlertable);
  }

  public int WaitForMultipleObjects(
      int nCount, HANDLE[] lpHandles, boolean bWaitAll, int dwMilliseconds) {
    return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, false);
  }

  /**
   * Waits on events, file handles (signalled when an operation on them completes, reset when one
   * starts) and threads (signalled when they end). Returns WAIT_OBJECT_0 + index, WAIT_TIMEOUT,
   * WAIT_IO_COMPLETION (alertable, routines ran) or WAIT_FAILED (bad handle, or a wait nothing can
   * satisfy: then GetLastError is ERROR_POSSIBLE_DEADLOCK).
   */
  public int WaitForMultipleObjectsEx(
      int nCount, HANDLE[] lpHandles, boolean bWaitAll, int dwMilliseconds, boolean bAlertable) {
    return m.api(
        () -> {
          if (nCount < 1 || nCount > lpHandles.length) {
            m.fail(WinError.ERROR_INVALID_PARAMETER);
            return WinBase.WAIT_FAILED;
          }
          KObject[] objects = new KObject[nCount];
          StringBuilder what = new StringBuilder();
          for (int i = 0; i < nCount; i++) {
            objects[i] = m.object(lpHandles[i]);
            if (objects[i] == null || objects[i] instanceof PortObject) {
              m.fail(WinError.ERROR_INVALID_HANDLE);
              return WinBase.WAIT_FAILED;
            }
            what.append(i == 0 ? "" : bWaitAll ? " and " : " or ").append(objects[i].describe());
            for (int j = 0; bWaitAll && j < i; j++) {
              if (objects[j].handle == objects[i].handle) {
                m.fail(WinError.ERROR_INVALID_PARAMETER);
                return WinBase.WAIT_FAILED;
              }
            }
          }
          int[] chosen = {-1};
          Wait wait =
              new Wait(
                  what.toString(),
                  () -> firstSignaled(objects, bWaitAll) >= 0,
                  () -> {
                    chosen[0] = firstSignaled(objects, bWaitAll);
                    if (bWaitAll) {
                      for (KObject o : objects) {
                        o.consume();
                      }
                    } else {
                      objects[chosen[0]].consume();
                    }
                  },
                  bAlertable);
          return switch (m.block(wait, timeout(dwMilliseconds))) {
            case READY -> WinBase.WAIT_OBJECT_0 + (bWaitAll ? 0 : chosen[0]);
            case TIMEOUT -> WinBase.WAIT_TIMEOUT;
            case IO_COMPLETION -> WinBase.WAIT_IO_COMPLETION;
            case DEADLOCK -> {
              m.fail(WinError.ERROR_POSSIBLE_DEADLOCK);
              yield WinBase.WAIT_FAILED;
            }
          };
        });
  }

  private static int firstSignaled(KObject[] objects, boolean all) {
    for (int i = 0; i < objects.length; i++) {
      if (objects[i].signaled() != all) {
        return all ? -1 : i;
      }
    }
    return all ? 0 : -1;
  }

  /**
   * Sleeps; an alertable sleep returns WAIT_IO_COMPLETION as soon as completion routines ran. Time
   * is simulated: a finite sleep ends when nothing else in the simulation can happen first.
   */
  public int SleepEx(int dwMilliseconds, boolean bAlertable) {
    return m.api(
        () -> {
          if (dwMilliseconds == 0 && !bAlertable) {
            m.yieldTo();
            return 0;
          }
          Wait wait = new Wait("the end of a sleep", () -> false, () -> {}, bAlertable);
          WaitOutcome outcome = m.block(wait, timeout(dwMilliseconds));
          return outcome == WaitOutcome.IO_COMPLETION ? WinBase.WAIT_IO_COMPLETION : 0;
        });
  }

  public void Sleep(int dwMilliseconds) {
    SleepEx(dwMilliseconds, false);
  }

  /**
   * The result of an operation from its OVERLAPPED. While {@code Internal} is STATUS_PENDING: FALSE
   * with ERROR_IO_INCOMPLETE, or with {@code bWait} a wait on the OVERLAPPED's event, or on the
   * file handle when it has none; then the status and count are read again.
   */
  public boolean GetOverlappedResult(
      HANDLE hFile,
      OVERLAPPED lpOverlapped,
      IntByReference lpNumberOfBytesTransferred,
      boolean bWait) {
    return byValue(
        lpOverlapped, ov -> overlappedResult(hFile, ov, lpNumberOfBytesTransferred, bWait));
  }

  public boolean GetOverlappedResult(
      HANDLE hFile,
      Pointer lpOverlapped,
      IntByReference lpNumberOfBytesTransferred,
      boolean bWait) {
    return m.api(() -> overlappedResult(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait));
  }

  private boolean overlappedResult(HANDLE hFile, Pointer ov, IntByReference bytes, boolean wait) {
    FileObject f = m.object(hFile, FileObject.class);
    if (f == null || ov == null) {
      return m.fail(f == null ? WinError.ERROR_INVALID_HANDLE : WinError.ERROR_INVALID_PARAMETER);
    }
    long status = Machine.decodeLong(m.programRead(ov.block, ov.offset, 8), 0);
    if (status == WinError.STATUS_PENDING) {
      if (!wait) {
        return m.fail(WinError.ERROR_IO_INCOMPLETE);
      }
      long eventValue = Machine.decodeLong(ov.block.data, (int) ov.offset + 24) & ~1L;
      KObject waitOn = eventValue != 0 ? m.object(new HANDLE(eventValue)) : f;
      if (waitOn == null) {
        return m.fail(WinError.ERROR_INVALID_HANDLE);
      }
      Wait w =
          new Wait("completion, by " + waitOn.describe(), waitOn::signaled, waitOn::consume, false);
      if (m.block(w, -1) == WaitOutcome.DEADLOCK) {
        return m.fail(WinError.ERROR_POSSIBLE_DEADLOCK);
      }
      status = Machine.decodeLong(m.programRead(ov.block, ov.offset, 8), 0);
      if (status == WinError.STATUS_PENDING) {
        m.resultBeforeCompletion(ov, waitOn);
      }
    }
    long count = Machine.decodeLong(m.programRead(ov.block, ov.offset + 8, 8), 0);
    if (bytes != null) {
      bytes.kernelSet((int) count, null);
    }
    if (!WinError.isSuccess(status)) {
      return m.fail(WinError.toWin32(status));
    }
    m.runningThread().lastError = WinError.ERROR_SUCCESS;
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Cancellation

  /** Cancels the calling thread's pending operations on the handle; others' are untouched. */
  public boolean CancelIo(HANDLE hFile) {
    return m.api(
        () -> {
          FileObject f = m.object(hFile, FileObject.class);
          if (f == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          m.cancel(f, m.runningThread(), null, 0);
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return true;
        });
  }

  /** Cancels any thread's operations on the handle: all, or the one using this OVERLAPPED. */
  public boolean CancelIoEx(HANDLE hFile, OVERLAPPED lpOverlapped) {
    return byValue(lpOverlapped, ov -> cancelEx(hFile, ov));
  }

  public boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped) {
    return m.api(() -> cancelEx(hFile, lpOverlapped));
  }

  private boolean cancelEx(HANDLE hFile, Pointer ov) {
    FileObject f = m.object(hFile, FileObject.class);
    if (f == null) {
      return m.fail(WinError.ERROR_INVALID_HANDLE);
    }
    boolean any = ov == null ? m.cancel(f, null, null, 0) : m.cancel(f, null, ov.block, ov.offset);
    if (!any) {
      return m.fail(WinError.ERROR_NOT_FOUND);
    }
    m.runningThread().lastError = WinError.ERROR_SUCCESS;
    return true;
  }

  /** Cancels the synchronous call the given thread is blocked in; it fails with aborted. */
  public boolean CancelSynchronousIo(HANDLE hThread) {
    return m.api(
        () -> {
          SimThread t = m.thread(hThread);
          if (t == null) {
            return m.fail(WinError.ERROR_INVALID_HANDLE);
          }
          if (!m.cancelSynchronousIo(t)) {
            return m.fail(WinError.ERROR_NOT_FOUND);
          }
          m.runningThread().lastError = WinError.ERROR_SUCCESS;
          return true;
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Errors, threads, memory

  public int GetLastError() {
    return m.api(() -> m.runningThread().lastError);
  }

  public void SetLastError(int dwErrCode) {
    m.api(
        () -> {
          m.runningThread().lastError = dwErrCode;
          return null;
        });
  }

  /**
   * Starts a simulated thread. It runs when the current thread blocks (the simulation runs one
   * thread at a time, deterministically); its handle is signalled when it ends.
   */
  public HANDLE CreateThread(String name, Runnable body) {
    return m.api(() -> m.startThread(name, body, false));
  }

  /** The calling thread's own handle (a real handle, unlike Win32's pseudo-handle). */
  public HANDLE GetCurrentThread() {
    return m.api(() -> new HANDLE(m.runningThread().handle));
  }

  public Memory LocalAlloc(int uFlags, int uBytes) {
    return m.api(() -> m.allocateHeap(uBytes, "LocalAlloc(" + uBytes + ")"));
  }

  /** Frees memory from LocalAlloc; returns null on success, as Win32 does. */
  public Pointer LocalFree(Pointer hMem) {
    return m.api(
        () -> {
          if (hMem == null) {
            return null;
          }
          if (hMem.offset != 0 || hMem.block.kind != Machine.BlockKind.HEAP) {
            m.fail(WinError.ERROR_INVALID_HANDLE);
            return hMem;
          }
          m.free(hMem.block, "LocalFree");
          return null;
        });
  }

  /** A scope of allocations freed together: a C stack frame, or an FFM arena. */
  public Arena openArena() {
    return m.api(() -> new Arena(m));
  }

  // ---------------------------------------------------------------------------------------------
  // JNA marshalling

  private boolean byValue(Structure s, Function<Pointer, Boolean> call) {
    return m.api(
        () -> {
          if (s == null) {
            return call.apply(null);
          }
          s.beforeCall();
          boolean result = call.apply(s.getPointer());
          s.afterCall();
          return result;
        });
  }

  private boolean withArray(byte[] array, int from, int length, Function<Pointer, Boolean> call) {
    if (array == null) {
      return call.apply(null);
    }
    Machine.Block copy =
        m.allocate(
            length,
            Machine.BlockKind.JNA_TEMPORARY,
            "JNA's temporary copy of a byte[" + length + "]");
    System.arraycopy(array, from, copy.data, 0, length);
    boolean result = call.apply(new Pointer(m, copy, 0));
    System.arraycopy(copy.data, 0, array, from, length);
    m.free(copy, "JNA");
    return result;
  }

  private boolean withBuffer(ByteBuffer buffer, Function<Pointer, Boolean> call) {
    if (buffer == null) {
      return call.apply(null);
    }
    if (!buffer.hasArray()) {
      throw new IllegalArgumentException(
          "a direct ByteBuffer is outside the simulated native memory; use Memory instead");
    }
    return withArray(
        buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), call);
  }

  private static long timeout(int milliseconds) {
    return milliseconds == WinBase.INFINITE ? -1 : Integer.toUnsignedLong(milliseconds);
  }
}
