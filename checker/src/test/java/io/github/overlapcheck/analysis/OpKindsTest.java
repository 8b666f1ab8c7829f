package io.github.overlapcheck.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.ir.Expr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The map's summary of what kinds of operations each part holds ({@link Op#kinds}): a walk for a
 * kind finds every operation of that kind, however the operations were changed in place since, and
 * a state's feasibility looks only at the operations a change left without outcomes.
 */
final class OpKindsTest {
  private static final int[] KINDS = {
    Op.MAY_PEND,
    Op.MAY_FAIL,
    Op.MAY_COMPLETE_AT_ONCE,
    Op.AWAITABLE,
    Op.ROUTINE,
    Op.NO_PACKET_IF_TRUE,
    Op.MAY_PEND | Op.ROUTINE
  };

  private static Expr.Call call(int id) {
    return TestCalls.call(id, "ReadFile");
  }

  private static Op op(int id, Random r) {
    EnumSet<Outcome> outcome = EnumSet.noneOf(Outcome.class);
    for (Outcome o : Outcome.values()) {
      if (r.nextInt(3) == 0) {
        outcome.add(o);
      }
    }
    Op op = new Op(call(id), null, Set.of("h"), Set.of(), Set.of("ov"), false, outcome);
    op.repeated = r.nextInt(8) == 0;
    op.cancelledBy = r.nextInt(8) == 0 ? Optional.of(call(-1)) : Optional.empty();
    op.routineStyle = r.nextInt(6) == 0;
    op.noPacketIfTrue = r.nextInt(6) == 0;
    return op;
  }

  /** What a change in place may do: take outcomes and flags away, never add them. */
  private static void narrow(Op op, Random r) {
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.AWAITED && r.nextBoolean()) {
        op.outcome.remove(o);
      }
    }
    if (r.nextBoolean()) {
      op.outcome.add(Outcome.AWAITED);
    }
    op.repeated &= r.nextBoolean();
    if (r.nextBoolean()) {
      op.cancelledBy = Optional.empty();
    }
  }

  private static List<Integer> ofKind(OpMap map, int kinds) {
    List<Integer> found = new ArrayList<>();
    map.forEachOfKind(kinds, (k, op) -> found.add(k));
    return found;
  }

  private static List<Integer> filtered(OpMap map, int kinds) {
    List<Integer> found = new ArrayList<>();
    map.forEach(
        (k, op) -> {
          if ((op.kinds() & kinds) != 0) {
            found.add(k);
          }
        });
    return found;
  }

  @Test
  void aWalkForAKindFindsEveryOperationOfItInOrderAfterChangesInPlace() {
    Random r = new Random(3);
    for (int round = 0; round < 300; round++) {
      OpMap map = new OpMap();
      List<OpMap> copies = new ArrayList<>();
      int n = 1 + r.nextInt(r.nextInt(4) == 0 ? 1_000 : 40);
      for (int step = 0; step < 3 * n; step++) {
        int id = r.nextInt(n);
        switch (r.nextInt(6)) {
          case 0, 1 -> map.put(id, op(id, r));
          case 2 -> map.remove(id);
          case 3 -> copies.add(new OpMap(map));
          default -> {
            Op op = map.get(id);
            if (op != null) {
              // Sometimes the summary is refreshed after the change, sometimes not (stale).
              narrow(op, r);
              if (r.nextBoolean()) {
                map.refresh(id);
              }
            }
          }
        }
      }
      copies.add(map);
      for (OpMap m : copies) {
        for (int kinds : KINDS) {
          List<Integer> expected = filtered(m, kinds);
          assertEquals(expected, ofKind(m, kinds), "kinds " + kinds);
          if (!expected.isEmpty()) {
            assertTrue(m.mayHold(kinds));
          }
        }
      }
    }
  }

  @Test
  void refreshingAfterAChangeDropsTheKindFromTheSummary() {
    Random r = new Random(5);
    OpMap map = new OpMap();
    for (int id = 0; id < 3_000; id++) {
      Op op = op(id, r);
      op.outcome.add(Outcome.PENDING);
      map.put(id, op);
    }
    OpMap before = new OpMap(map);
    for (int id = 0; id < 3_000; id++) {
      Op op = map.get(id);
      op.outcome.remove(Outcome.PENDING);
      op.repeated = false;
      op.cancelledBy = Optional.empty();
      if (id != 2_999) {
        map.refresh(id);
      }
    }
    // The last operation's change was not followed by a refresh (the others were refreshed before
    // it changed): the summary still claims it, and a walk looks, and finds none.
    assertTrue(map.mayHold(Op.MAY_PEND));
    assertEquals(List.of(), ofKind(map, Op.MAY_PEND));
    map.refresh(2_999);
    assertFalse(map.mayHold(Op.MAY_PEND));
    assertFalse(map.mayHold(Op.AWAITABLE));
    assertEquals(3_000, map.size());
    // A copy taken before shares the operations changed in place, and its own (stale) summary
    // still leads its walks to them.
    assertTrue(before.mayHold(Op.MAY_PEND));
    assertEquals(filtered(before, Op.MAY_PEND), ofKind(before, Op.MAY_PEND));
  }

  @Test
  void eachOperationObjectIsSeenOnceOverMapsThatShareThem() {
    Random r = new Random(9);
    OpMap map = new OpMap();
    List<OpMap> maps = new ArrayList<>();
    for (int step = 0; step < 4_000; step++) {
      int id = r.nextInt(500);
      map.put(id, op(id, r));
      if (step % 10 == 0) {
        maps.add(new OpMap(map));
      }
    }
    maps.add(map);
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    IdentityHashMap<Op, Integer> visits = new IdentityHashMap<>();
    for (OpMap m : maps) {
      m.forEachUnseen(seen, op -> visits.merge(op, 1, Integer::sum));
    }
    Set<Op> all = Collections.newSetFromMap(new IdentityHashMap<>());
    maps.forEach(m -> all.addAll(m.values()));
    assertEquals(all, visits.keySet());
    assertTrue(visits.values().stream().allMatch(v -> v == 1));
  }

  private static State withRead(int id, EnumSet<Outcome> outcome) {
    State s = new State();
    s.put(new Op(call(id), null, Set.of("h"), Set.of(), Set.of("ov"), false, outcome));
    return s;
  }

  private static State emptiedByRefinement() {
    State s = withRead(1, EnumSet.of(Outcome.PENDING, Outcome.FAILED));
    s.refine(Set.of(1), EnumSet.of(Outcome.COMPLETED_AT_ONCE));
    return s;
  }

  @Test
  void anOperationLeftWithoutOutcomesMakesTheStateInfeasibleWhereverItGoes() {
    State s = withRead(1, EnumSet.of(Outcome.PENDING, Outcome.FAILED));
    State untouched = s.copy();
    s.refine(Set.of(1), EnumSet.of(Outcome.COMPLETED_AT_ONCE));
    assertFalse(s.feasible());
    assertTrue(untouched.feasible());
    // Copies, a helper's frame and a state that takes it over stay infeasible.
    assertFalse(s.copy().feasible());
    assertFalse(s.withLocals(Map.of()).feasible());
    State adopting = withRead(2, EnumSet.of(Outcome.PENDING));
    adopting.adopt(emptiedByRefinement());
    assertFalse(adopting.feasible());
    // Joined with a path where it has outcomes, it has them; with another where it has none, not.
    State pending = withRead(1, EnumSet.of(Outcome.PENDING));
    assertTrue(State.join(emptiedByRefinement(), pending).feasible());
    assertTrue(State.join(pending, emptiedByRefinement()).feasible());
    assertFalse(State.join(emptiedByRefinement(), emptiedByRefinement()).feasible());
    // Joined with a path that never started it, it keeps no outcome.
    assertFalse(
        State.join(withRead(2, EnumSet.of(Outcome.PENDING)), emptiedByRefinement()).feasible());
    // A flag's branch empties one too.
    State flagged = withRead(3, EnumSet.of(Outcome.PENDING));
    flagged.notPending(Set.of(3));
    assertFalse(flagged.feasible());
    State failedOnly = withRead(4, EnumSet.of(Outcome.FAILED));
    failedOnly.notFailed(Set.of(4));
    assertFalse(failedOnly.feasible());
    State atOnceOnly = withRead(5, EnumSet.of(Outcome.COMPLETED_AT_ONCE));
    atOnceOnly.notAtOnce(Set.of(5));
    assertFalse(atOnceOnly.feasible());
  }
}
