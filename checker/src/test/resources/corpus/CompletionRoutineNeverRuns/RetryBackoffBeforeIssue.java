package corpus.completionroutineneverruns;
// case: negative: uploader writing to an overlapped upload pipe retries WriteFileEx with a non-alertable Sleep only while the call fails with a quota error, when nothing was queued; once the write is issued the thread waits for the routine with an alertable SleepEx

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class RetryBackoffBeforeIssue {
  private static final int ERROR_NOT_ENOUGH_QUOTA = 1816;
  private static final int ERROR_WORKING_SET_QUOTA = 1453;
  private static final int MAX_ATTEMPTS = 5;

  private final Kernel32 k32;
  private final HANDLE uploadPipe;
  private final OVERLAPPED ov;
  private boolean uploaded;
  private int uploadError;

  public RetryBackoffBeforeIssue(Kernel32 k32, HANDLE overlappedUploadPipe) {
    this.k32 = k32;
    this.uploadPipe = overlappedUploadPipe;
    this.ov = new OVERLAPPED(k32);
  }

  public void upload(Memory payload, int length) {
    uploaded = false;
    int attempt = 0;
    while (!k32.WriteFileEx(uploadPipe, payload, length, ov.getPointer(), this::onUploaded)) {
      int error = k32.GetLastError();
      boolean retryable = error == ERROR_NOT_ENOUGH_QUOTA || error == ERROR_WORKING_SET_QUOTA;
      if (!retryable || ++attempt == MAX_ATTEMPTS) {
        throw new IllegalStateException("upload not started: error " + error);
      }
      k32.Sleep(20 << attempt);
    }
    while (!uploaded) {
      k32.SleepEx(WinBase.INFINITE, true);
    }
    if (uploadError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("upload failed: error " + uploadError);
    }
  }

  private void onUploaded(int errorCode, int count, Pointer overlapped) {
    uploadError = errorCode;
    uploaded = true;
  }
}
