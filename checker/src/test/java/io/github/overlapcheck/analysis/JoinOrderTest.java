package io.github.overlapcheck.analysis;

import static io.github.overlapcheck.analysis.TestCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.ir.Expr;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A join keeps what both paths say, the same whichever comes first: the fixpoint visits nodes in an
 * order of its own, and a rule's message must not depend on it.
 */
final class JoinOrderTest {
  private static final Expr.Call READ = call(1, "ReadFileEx");

  /** A state with the routine-style read pending, and these waits and cancellation on its path. */
  private static State path(Optional<Expr.Call> wait, Optional<Expr.Call> cancel) {
    State s = new State();
    Op op =
        new Op(READ, null, Set.of("h"), Set.of(), Set.of("ov"), false, EnumSet.of(Outcome.PENDING));
    op.routineStyle = true;
    wait.ifPresent(
        w -> {
          op.nonAlertableWaits = Set.of(w);
          op.pathWithoutNonAlertableWait = false;
        });
    op.cancelledBy = cancel;
    s.put(op);
    return s;
  }

  @Test
  void theFirstNonAlertableWaitOfEachPathIsKeptWhicheverSideComesFirst() {
    Expr.Call sleep = call(9, "Sleep");
    Expr.Call result = call(5, "GetOverlappedResult");
    State a = path(Optional.of(sleep), Optional.empty());
    State b = path(Optional.of(result), Optional.empty());
    Op ab = State.join(a, b).ops.get(READ.id());
    Op ba = State.join(b, a).ops.get(READ.id());
    assertEquals(Set.of(sleep, result), ab.nonAlertableWaits);
    assertEquals(ab.nonAlertableWaits, ba.nonAlertableWaits);
    // The message names the one first in the class, from either order.
    assertEquals(Optional.of(result), ab.nonAlertableWait());
    assertEquals(Optional.of(result), ba.nonAlertableWait());
    assertFalse(ab.pathWithoutNonAlertableWait);
  }

  @Test
  void aPathThatHasNotWaitedYetStaysKnown() {
    Expr.Call sleep = call(9, "Sleep");
    State waited = path(Optional.of(sleep), Optional.empty());
    State notYet = path(Optional.empty(), Optional.empty());
    for (Op op :
        List.of(
            State.join(waited, notYet).ops.get(READ.id()),
            State.join(notYet, waited).ops.get(READ.id()))) {
      assertEquals(Set.of(sleep), op.nonAlertableWaits);
      // Its next non-alertable wait is that path's first.
      assertTrue(op.pathWithoutNonAlertableWait);
    }
  }

  @Test
  void theCancellationFirstInTheClassIsKeptWhicheverSideComesFirst() {
    Expr.Call early = call(3, "CancelIoEx");
    Expr.Call late = call(7, "CancelIo");
    State a = path(Optional.empty(), Optional.of(late));
    State b = path(Optional.empty(), Optional.of(early));
    assertEquals(Optional.of(early), State.join(a, b).ops.get(READ.id()).cancelledBy);
    assertEquals(Optional.of(early), State.join(b, a).ops.get(READ.id()).cancelledBy);
  }
}
