package corpus.completionroutineneverruns;
// case: positive: gateway client sends a command with WriteFileEx whose routine signals a "sent" event, then blocks in WaitForSingleObject on that event; the thread never waits alertably, so the routine that would set the event cannot run and send() hangs forever

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class GatewayCommandWaitsForRoutineEvent implements AutoCloseable {
  private static final int COMMAND_MAX = 512;

  private final Kernel32 k32;
  private final HANDLE channel;
  private final HANDLE sent;
  private final Memory command;
  private final OVERLAPPED commandOv;
  private int sendStatus;

  public GatewayCommandWaitsForRoutineEvent(Kernel32 k32, String gatewayName) {
    this.k32 = k32;
    this.channel =
        k32.CreateFile(
            "\\\\.\\pipe\\" + gatewayName,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.sent = k32.CreateEvent(null, false, false, null);
    this.command = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, COMMAND_MAX);
    this.commandOv = new OVERLAPPED(k32);
  }

  public void send(String text) {
    byte[] bytes = (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    if (bytes.length > COMMAND_MAX) {
      throw new IllegalArgumentException("command too long");
    }
    command.write(0, bytes, 0, bytes.length);
    boolean started =
        k32.WriteFileEx(channel, command, bytes.length, commandOv.getPointer(), this::onSent); // expect: CompletionRoutineNeverRuns
    if (!started) {
      throw new IllegalStateException("WriteFileEx failed: error " + k32.GetLastError());
    }
    int wait = k32.WaitForSingleObject(sent, WinBase.INFINITE);
    if (wait != WinBase.WAIT_OBJECT_0) {
      throw new IllegalStateException("waiting for the command failed: error " + k32.GetLastError());
    }
    if (sendStatus != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("command not sent: error " + sendStatus);
    }
  }

  private void onSent(int errorCode, int count, Pointer overlapped) {
    sendStatus = errorCode;
    k32.SetEvent(sent);
  }

  @Override
  public void close() {
    k32.CloseHandle(channel);
    k32.CloseHandle(sent);
    k32.LocalFree(command);
  }
}
