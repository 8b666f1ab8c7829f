package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import java.util.Optional;
import java.util.Set;

/**
 * The bytes-transferred out-parameter of a read or write on an asynchronous handle read as its
 * result on a path where the operation may have gone pending: the call sets it only when it
 * completes at once, so it holds 0 (or a stale value) for an operation that completes later. The
 * count is GetOverlappedResult's, or the completion packet's.
 */
public final class AsyncBytesTransferredUsed implements Rule {
  public static final String NAME = "AsyncBytesTransferredUsed";

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  @Override
  public void valueRead(Object origin, Set<String> objects, Snapshot before, Reporter out) {
    for (String id : objects) {
      Optional<Integer> opId = before.object(id).flatMap(Obj::countOf);
      if (opId.isEmpty()) {
        continue;
      }
      for (Op op : before.allOperations()) {
        if (op.call().id() != opId.get()
            || !(op.outcome().contains(Outcome.PENDING) || op.outcome().contains(Outcome.AWAITED))
            || !(op.elsewhere() ? completedThroughPort(op, before) : mayPend(op, before, out))) {
          continue;
        }
        out.report(
            new Finding(
                NAME,
                origin,
                String.format(
                    "'%s' is the bytes-transferred out-parameter of %s on asynchronous handle"
                        + " '%s', but that operation may have gone pending: the call sets it only"
                        + " when it completes at once. Take the count from GetOverlappedResult (or"
                        + " the completion packet), and pass null here",
                    out.describe(id), op.call().name(), Ops.handleName(op, out)),
                Optional.empty()));
        return;
      }
    }
  }

  /** Issued here with an OVERLAPPED on an asynchronous handle. */
  private static boolean mayPend(Op op, Snapshot before, Reporter out) {
    return !op.overlappeds().isEmpty() && Ops.onAsyncHandle(op, before, out);
  }

  /**
   * Another method's operation (it left it pending, so it had an OVERLAPPED, maybe not a field)
   * whose count is read here as a completion's result: after this method took a packet from a
   * completion port, which only asynchronous handles post to.
   */
  private static boolean completedThroughPort(Op op, Snapshot before) {
    return before.mayHaveDequeued() && !Ops.onSyncHandle(op, before);
  }
}
