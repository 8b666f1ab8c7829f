package corpus.completionroutineneverruns;
// case: negative: a UI thread sends a document snapshot to the autosave service's overlapped pipe with WriteFileEx and keeps its message loop running with MsgWaitForMultipleObjectsEx and MWMO_ALERTABLE; that wait is alertable, so the routine that marks the save finished runs on this thread

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

public final class JnaUiThreadMsgWaitAlertable {
  interface SaveIo extends StdCallLibrary {
    SaveIo INSTANCE = Native.load("kernel32", SaveIo.class, W32APIOptions.DEFAULT_OPTIONS);

    interface Saved extends StdCallCallback {
      void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    boolean WriteFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite, Pointer lpOverlapped,
        Saved lpCompletionRoutine);

    int SleepEx(int dwMilliseconds, boolean bAlertable);
  }

  interface UiWait extends StdCallLibrary {
    UiWait INSTANCE = Native.load("user32", UiWait.class, W32APIOptions.DEFAULT_OPTIONS);

    int QS_ALLINPUT = 0x04FF;
    int MWMO_ALERTABLE = 0x0002;
    int MWMO_INPUTAVAILABLE = 0x0004;

    int MsgWaitForMultipleObjectsEx(
        int nCount, HANDLE[] pHandles, int dwMilliseconds, int dwWakeMask, int dwFlags);
  }

  private final HANDLE autosavePipe;
  private final Memory snapshot;
  private final Memory overlapped = new Memory(32);
  private final SaveIo.Saved onSaved = this::onSaved;
  private boolean saved;
  private int saveError;

  public JnaUiThreadMsgWaitAlertable(HANDLE overlappedAutosavePipe, int maxSnapshot) {
    this.autosavePipe = overlappedAutosavePipe;
    this.snapshot = new Memory(maxSnapshot);
  }

  public void saveWhilePumping(byte[] contents) {
    snapshot.write(0, contents, 0, contents.length);
    overlapped.clear();
    saved = false;
    if (!SaveIo.INSTANCE.WriteFileEx(autosavePipe, snapshot, contents.length, overlapped, onSaved)) {
      throw new IllegalStateException("save not started: " + Native.getLastError());
    }
    WinUser.MSG msg = new WinUser.MSG();
    while (!saved) {
      int r =
          UiWait.INSTANCE.MsgWaitForMultipleObjectsEx(
              0, null, WinBase.INFINITE, UiWait.QS_ALLINPUT,
              UiWait.MWMO_ALERTABLE | UiWait.MWMO_INPUTAVAILABLE);
      if (r == WinBase.WAIT_OBJECT_0) {
        while (User32.INSTANCE.PeekMessage(msg, null, 0, 0, 1)) {
          User32.INSTANCE.TranslateMessage(msg);
          User32.INSTANCE.DispatchMessage(msg);
        }
      } else if (r == WinBase.WAIT_FAILED) {
        SaveIo.INSTANCE.SleepEx(WinBase.INFINITE, true);
      }
    }
    if (saveError != 0) {
      throw new IllegalStateException("save failed: " + saveError);
    }
  }

  private void onSaved(int errorCode, int count, Pointer lpOverlapped) {
    saveError = errorCode;
    saved = true;
  }
}
