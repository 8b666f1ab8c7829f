package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Storage;
import io.github.overlapcheck.analysis.Tri;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.ir.Expr;
import java.util.Optional;
import java.util.Set;

/**
 * A read or write on an asynchronous handle to a seeking device (a file) whose position is not
 * given properly: the system keeps no file pointer for such handles, so the OVERLAPPED's
 * Offset/OffsetHigh is the position: never set, not advanced between operations, cut to 32 bits, or
 * replaced by SetFilePointer, which these operations ignore.
 */
public final class MissingOverlappedOffset implements Rule {
  public static final String NAME = "MissingOverlappedOffset";

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  /** Every handle is asynchronous, and to a seeking device ({@code seeking} YES, or as given). */
  private static boolean asyncHandles(Set<String> handles, Snapshot state, boolean unknownSeeking) {
    if (handles.isEmpty()) {
      return false;
    }
    for (String h : handles) {
      Optional<Obj> o = state.object(h);
      if (o.isEmpty() || o.get().async() != Tri.YES) {
        return false;
      }
      Tri seeking = o.get().seeking();
      if (seeking == Tri.NO || (seeking == Tri.UNKNOWN && !unknownSeeking)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void issued(Op op, Snapshot before, Snapshot after, Reporter out) {
    Operation kind = op.operation();
    boolean transfer =
        kind == Operation.READ
            || kind == Operation.WRITE
            || kind == Operation.READ_EX
            || kind == Operation.WRITE_EX;
    if (!transfer || op.handles().isEmpty()) {
      return;
    }
    String handle = out.describe(op.handles().iterator().next());
    for (String id : op.overlappeds()) {
      Optional<Obj> found = before.object(id);
      if (found.isEmpty()) {
        continue;
      }
      Obj ov = found.get();
      String name = out.describe(id);
      String message = null;
      Object at = op.call().origin();
      if (ov.offsetHighDropped() && asyncHandles(op.handles(), before, true)) {
        // A 64-bit position is evidence enough of a seeking device.
        message =
            String.format(
                "the Offset of OVERLAPPED '%s' is set from a 64-bit position cut to 32 bits, and"
                    + " its OffsetHigh is never set: from 4 GiB on, %s on '%s' lands at the wrong"
                    + " position. Set OffsetHigh to the upper 32 bits of the position",
                name, op.call().name(), handle);
      } else if (!ov.mayHaveOffset()
          && seekOf(op, before).isPresent()
          && asyncHandles(op.handles(), before, true)) {
        // Moving a file pointer is evidence enough of a seeking device.
        Expr.Call seek = seekOf(op, before).get();
        at = seek.origin();
        message =
            String.format(
                "%s on asynchronous handle '%s' does not position the %s that follows: the"
                    + " system keeps no file pointer for such handles, and each operation takes"
                    + " its position from the OVERLAPPED's Offset/OffsetHigh, which '%s' never"
                    + " sets. Set the position there instead",
                seek.name(), handle, op.call().name(), name);
      } else if (ov.offsetFromSettled().isPresent() && asyncHandles(op.handles(), before, true)) {
        // A position kept in a field that is not final was meant to move.
        message =
            String.format(
                "the Offset of OVERLAPPED '%s' comes from field '%s', which only the constructor"
                    + " sets: every call of this method %s at the same position of '%s', each"
                    + " over the last. Advance the position by the bytes transferred",
                name,
                out.describe(ov.offsetFromSettled().get()),
                kind == Operation.READ || kind == Operation.READ_EX ? "reads" : "writes",
                handle);
      } else if (!asyncHandles(op.handles(), before, ov.mayHaveOffset())) {
        // (Assigning an OVERLAPPED's offset at all is evidence that the device seeks.)
        continue;
      } else if (ov.mayBeUsed() && !ov.mayHaveOffsetSinceUse()) {
        message =
            String.format(
                "OVERLAPPED '%s' is used again for %s without moving its Offset: '%s' is an"
                    + " asynchronous handle to a file, which has no file pointer, so this"
                    + " transfers at the same position as the previous operation. Advance"
                    + " Offset/OffsetHigh by the bytes transferred",
                name, op.call().name(), handle);
      } else if (!ov.mayHaveOffset() && ownedHere(ov) && repeatsOrReusesHandle(op, before)) {
        message =
            String.format(
                "the Offset/OffsetHigh of OVERLAPPED '%s' are never set: '%s' is an asynchronous"
                    + " handle to a file, which has no file pointer, so %s always starts at"
                    + " offset 0. Set the position in Offset/OffsetHigh",
                name, handle, op.call().name());
      }
      if (message != null) {
        out.report(new Finding(NAME, at, message, Optional.empty()));
        return;
      }
    }
  }

  private static Optional<Expr.Call> seekOf(Op op, Snapshot before) {
    return op.handles().stream()
        .map(h -> before.object(h).flatMap(Obj::filePointerSetBy))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * Created in this method, or a field whose offset no method of the class ever sets (a parameter's
   * offset is its caller's business).
   */
  private static boolean ownedHere(Obj ov) {
    Storage s = ov.storage();
    return s == Storage.LOCAL_OBJECT
        || s == Storage.ARENA
        || s == Storage.NATIVE_HEAP
        || (s == Storage.ELSEWHERE && !ov.mayHaveOffset());
  }

  /**
   * A single operation at offset 0 of a handle opened in this method is fine; more than one, one in
   * a loop, or a write through a handle kept elsewhere (called again and again) is not.
   */
  private static boolean repeatsOrReusesHandle(Op op, Snapshot before) {
    if (op.repeated()) {
      return true;
    }
    for (String h : op.handles()) {
      Optional<Obj> o = before.object(h);
      if (o.isEmpty()) {
        continue;
      }
      if (o.get().mayHaveIssued()) {
        return true;
      }
      boolean write = op.operation() == Operation.WRITE || op.operation() == Operation.WRITE_EX;
      if (write && o.get().storage() == Storage.ELSEWHERE) {
        return true;
      }
    }
    return false;
  }
}
