package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class CompletionRoutineNeverRunsTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(CompletionRoutineNeverRuns.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void anAlertableWaitAfterThePoll() {
    helper
        .addSourceLines(
            "AlertableAfter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;

            final class AlertableAfter {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE done;
              private final Memory buffer;
              private final OVERLAPPED ov;

              AlertableAfter(Kernel32 k32, HANDLE pipe, HANDLE done, Memory buffer) {
                this.k32 = k32;
                this.pipe = pipe;
                this.done = done;
                this.buffer = buffer;
                this.ov = new OVERLAPPED(k32);
              }

              /** Waits on the done event non-alertably with a timeout, then alertably: the routine runs. */
              void read() {
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(done, 0);
                k32.SleepEx(WinBase.INFINITE, true);
              }

              private void done(int error, int count, Pointer overlapped) {
                k32.SetEvent(done);
              }
            }
            """)
        .doTest();
  }

  @Test
  void issuedAndLeftToTheCallersWait() {
    helper
        .addSourceLines(
            "IssueAndReturn.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;

            final class IssueAndReturn {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE done;
              private final Memory buffer;
              private final OVERLAPPED ov;

              IssueAndReturn(Kernel32 k32, HANDLE pipe, HANDLE done, Memory buffer) {
                this.k32 = k32;
                this.pipe = pipe;
                this.done = done;
                this.buffer = buffer;
                this.ov = new OVERLAPPED(k32);
              }

              /** Issues and returns: the caller's loop waits alertably. */
              void read() {
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  throw new IllegalStateException("read failed");
                }
              }

              private void done(int error, int count, Pointer overlapped) {
                k32.SetEvent(done);
              }
            }
            """)
        .doTest();
  }

  @Test
  void sleepOnlyWhenNothingWasQueued() {
    helper
        .addSourceLines(
            "FailedStartThenSleep.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;

            final class FailedStartThenSleep {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE done;
              private final Memory buffer;
              private final OVERLAPPED ov;

              FailedStartThenSleep(Kernel32 k32, HANDLE pipe, HANDLE done, Memory buffer) {
                this.k32 = k32;
                this.pipe = pipe;
                this.done = done;
                this.buffer = buffer;
                this.ov = new OVERLAPPED(k32);
              }

              /** Sleeps only when the call failed: nothing was queued then. */
              void read() {
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  k32.Sleep(100);
                }
              }

              private void done(int error, int count, Pointer overlapped) {
                k32.SetEvent(done);
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  @Test
  void waitForTheEventTheRoutineWouldSet() {
    helper
        .addSourceLines(
            "WaitsOnDoneEvent.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;

            final class WaitsOnDoneEvent {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE done;
              private final Memory buffer;
              private final OVERLAPPED ov;

              WaitsOnDoneEvent(Kernel32 k32, HANDLE pipe, HANDLE done, Memory buffer) {
                this.k32 = k32;
                this.pipe = pipe;
                this.done = done;
                this.buffer = buffer;
                this.ov = new OVERLAPPED(k32);
              }

              /** Waits for an event the routine would set: it never runs, so the wait never ends. */
              void read() {
                // BUG: Diagnostic contains: runs only while this thread waits alertably
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(done, WinBase.INFINITE);
              }

              private void done(int error, int count, Pointer overlapped) {
                k32.SetEvent(done);
              }
            }
            """)
        .doTest();
  }

  @Test
  void pollingWithSleep() {
    helper
        .addSourceLines(
            "PollsWithSleep.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;

            final class PollsWithSleep {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE done;
              private final Memory buffer;
              private final OVERLAPPED ov;

              PollsWithSleep(Kernel32 k32, HANDLE pipe, HANDLE done, Memory buffer) {
                this.k32 = k32;
                this.pipe = pipe;
                this.done = done;
                this.buffer = buffer;
                this.ov = new OVERLAPPED(k32);
              }

              /** Polls with Sleep, which is never alertable. */
              void read() {
                // BUG: Diagnostic contains: runs only while this thread waits alertably
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  throw new IllegalStateException("read failed");
                }
                for (int i = 0; i < 10; i++) {
                  k32.Sleep(10);
                }
              }

              private void done(int error, int count, Pointer overlapped) {
                k32.SetEvent(done);
              }
            }
            """)
        .doTest();
  }

  @Test
  void waitingOnAJavaLatch() {
    helper
        .addSourceLines(
            "WaitsOnALatch.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import java.util.concurrent.CountDownLatch;

            final class WaitsOnALatch {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE done;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final CountDownLatch latch = new CountDownLatch(1);

              WaitsOnALatch(Kernel32 k32, HANDLE pipe, HANDLE done, Memory buffer) {
                this.k32 = k32;
                this.pipe = pipe;
                this.done = done;
                this.buffer = buffer;
                this.ov = new OVERLAPPED(k32);
              }

              /** A Java latch is not an alertable wait either. */
              void read() {
                // BUG: Diagnostic contains: runs only while this thread waits alertably
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  throw new IllegalStateException("read failed");
                }
                try {
                  latch.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }

              private void done(int error, int count, Pointer overlapped) {
                k32.SetEvent(done);
              }
            }
            """)
        .doTest();
  }
}
