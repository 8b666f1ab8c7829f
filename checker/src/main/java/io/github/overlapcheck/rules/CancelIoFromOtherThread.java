package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Tri;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.ir.Expr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CancelIo where the operations it is meant to stop were issued by another thread: it cancels only
 * the calling thread's own operations on the handle. Reported in code that runs on a thread of its
 * own and issued nothing on the handle itself, and in code running on its caller's thread while a
 * method the class hands to a thread may have operations in flight on the handle.
 */
public final class CancelIoFromOtherThread implements Rule {
  public static final String NAME = "CancelIoFromOtherThread";

  @Override
  public String name() {
    return NAME;
  }

  /** At CancelIo, on a thread of its own: a handle known asynchronous is enough. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of(Operation.CANCEL_OWN));
  }

  /** A release after a CancelIo that cancelled nothing is this mistake. */
  @Override
  public Set<String> explains() {
    return Set.of(ReleasedWhilePending.NAME);
  }

  @Override
  public boolean seesOtherThreads() {
    return true;
  }

  @Override
  public void called(Expr.Call call, List<Set<String>> args, Snapshot before, Reporter out) {
    if (call.binding().map(b -> b.operation() != Operation.CANCEL_OWN).orElse(true)) {
      return;
    }
    Optional<Integer> at = call.binding().get().argument(Role.HANDLE);
    if (at.isEmpty() || at.get() >= args.size()) {
      return;
    }
    for (String h : args.get(at.get())) {
      if (issuedHere(h, before)) {
        // This thread has (or had) operations of its own on the handle: those it cancels.
        continue;
      }
      Obj handle = before.object(h).orElse(null);
      boolean othersInFlight =
          (handle != null && !handle.otherThreadOps().isEmpty())
              || before.operationsThatMay(Outcome.PENDING).stream()
                  .anyMatch(o -> o.otherThread() && o.handles().contains(h));
      boolean report =
          switch (out.runs()) {
            case OWN_THREAD ->
                othersInFlight
                    || (handle != null && handle.async() == Tri.YES)
                    || out.methodExpectsPending();
            case CALLERS_THREAD -> othersInFlight;
            case UNKNOWN -> false;
          };
      if (!report) {
        continue;
      }
      out.report(
          new Finding(
              NAME,
              call.origin(),
              String.format(
                  "CancelIo cancels only the operations the calling thread issued, and %s:"
                      + " the operations in flight on '%s' were issued by another thread, so they"
                      + " are not cancelled and a wait for their completion may never end. Use"
                      + " CancelIoEx(%s, null), which cancels them whichever thread issued them",
                  out.runs() == Runs.OWN_THREAD
                      ? "this code runs on a thread of its own that issued none on it"
                      : "this method runs on its caller's thread, not on the thread the class"
                          + " hands its I/O to",
                  out.describe(h),
                  out.describe(h)),
              Optional.of(Finding.Fix.renameCall(call.origin(), "CancelIoEx", List.of("null")))));
      return;
    }
  }

  private static boolean issuedHere(String handle, Snapshot state) {
    for (Op op : state.operations()) {
      if (!op.otherThread() && op.handles().contains(handle)) {
        return true;
      }
    }
    return false;
  }
}
