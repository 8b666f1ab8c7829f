package io.github.overlapcheck.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link OpMap} against a {@link TreeMap} doing the same, and what its copies share. */
final class OpMapTest {
  private static Op op() {
    return new Op(null, null, Set.of(), Set.of(), Set.of(), false, EnumSet.of(Outcome.PENDING));
  }

  /** A key: mostly small ids as lowering makes them, some large and some negative. */
  private static int key(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> r.nextInt();
      case 1 -> -r.nextInt(100);
      case 2 -> r.nextInt(100_000);
      default -> r.nextInt(200);
    };
  }

  private static void assertSameContents(Map<Integer, Op> model, OpMap map) {
    assertEquals(model.size(), map.size());
    assertEquals(model.isEmpty(), map.isEmpty());
    Map<Integer, Op> seen = new HashMap<>();
    List<Integer> nonNegative = new ArrayList<>();
    for (Map.Entry<Integer, Op> e : map.entrySet()) {
      assertNull(seen.put(e.getKey(), e.getValue()), "each key once");
      if (e.getKey() >= 0) {
        nonNegative.add(e.getKey());
      }
    }
    assertEquals(model, seen);
    assertEquals(
        new ArrayList<>(new TreeMap<>(model).tailMap(0).keySet()), nonNegative, "ascending ids");
    List<Op> values = new ArrayList<>(map.values());
    assertEquals(model.size(), values.size());
    assertTrue(values.containsAll(model.values()));
    Map<Integer, Op> forEach = new HashMap<>();
    map.forEach(forEach::put);
    assertEquals(model, forEach);
    for (Map.Entry<Integer, Op> e : model.entrySet()) {
      assertSame(e.getValue(), map.get(e.getKey()));
      assertTrue(map.containsKey(e.getKey()));
    }
  }

  @Test
  void behavesLikeAMapAndCopiesAreIndependent() {
    Random r = new Random(7);
    for (int round = 0; round < 200; round++) {
      OpMap map = new OpMap();
      TreeMap<Integer, Op> model = new TreeMap<>();
      List<OpMap> copies = new ArrayList<>();
      List<TreeMap<Integer, Op>> copyModels = new ArrayList<>();
      for (int step = 0; step < 60; step++) {
        int k = key(r);
        switch (r.nextInt(8)) {
          case 0, 1, 2 -> {
            Op v = op();
            assertSame(model.put(k, v), map.put(k, v));
          }
          case 3 -> {
            Integer existing = model.ceilingKey(k);
            int target = existing == null ? k : existing;
            assertSame(model.remove(target), map.remove(target));
          }
          case 4 -> {
            // Replace every other value while iterating, as State.own does.
            boolean flip = false;
            for (Map.Entry<Integer, Op> e : map.entrySet()) {
              if (flip) {
                Op v = op();
                model.put(e.getKey(), v);
                e.setValue(v);
              }
              flip = !flip;
            }
          }
          case 5 -> {
            copies.add(new OpMap(map));
            copyModels.add(new TreeMap<>(model));
          }
          case 6 -> {
            if (r.nextInt(10) == 0) {
              map.clear();
              model.clear();
            }
          }
          default -> {
            assertNull(map.get(k + 1_000_000_000));
          }
        }
        assertSameContents(model, map);
      }
      for (int i = 0; i < copies.size(); i++) {
        assertSameContents(copyModels.get(i), copies.get(i));
      }
    }
  }

  @Test
  void mergeJoinsOnlyWhereTheSidesDiffer() {
    Random r = new Random(11);
    for (int round = 0; round < 300; round++) {
      OpMap a = new OpMap();
      for (int i = r.nextInt(40); i > 0; i--) {
        a.put(key(r), op());
      }
      OpMap b = new OpMap(a);
      for (int i = r.nextInt(10); i > 0; i--) {
        if (r.nextBoolean() || b.isEmpty()) {
          b.put(key(r), op());
        } else {
          b.remove(b.keySet().iterator().next());
        }
      }
      TreeMap<Integer, Op> expected = new TreeMap<>(a);
      Map<Integer, Op> joined = new HashMap<>();
      b.forEach(
          (k, v) ->
              expected.merge(
                  k,
                  v,
                  (x, y) -> {
                    if (x == y) {
                      return x;
                    }
                    Op j = op();
                    joined.put(k, j);
                    return j;
                  }));
      Map<Integer, Op> made = new HashMap<>();
      OpMap merged =
          OpMap.merge(
              a,
              b,
              (x, y) -> {
                assertFalse(x == y, "called only where the sides differ");
                int k = keyOf(a, x);
                Op j = joined.get(k);
                made.put(k, j);
                return j;
              });
      assertEquals(joined, made);
      assertSameContents(expected, merged);
      assertTrue(OpMap.sameEntries(merged, new OpMap(merged), (x, y) -> false));
      assertEquals(
          expected.equals(new TreeMap<>(a)), OpMap.sameEntries(a, merged, (x, y) -> false));
    }
  }

  private static int keyOf(OpMap map, Op op) {
    for (Map.Entry<Integer, Op> e : map.entrySet()) {
      if (e.getValue() == op) {
        return e.getKey();
      }
    }
    throw new AssertionError("not in the map");
  }

  /** As in a HashMap changed in place: a walk sees a later id's new value, not its old one. */
  @Test
  // Changing values during a walk is what this tests (as State.own does).
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
  void aWalkSeesValuesChangedDuringIt() {
    OpMap map = new OpMap();
    for (int i = 0; i < 100; i++) {
      map.put(i, op());
    }
    Op later = op();
    List<Op> seen = new ArrayList<>();
    for (Op o : map.values()) {
      if (seen.isEmpty()) {
        map.put(99, later);
      }
      seen.add(o);
    }
    assertSame(later, seen.get(99));
    Op viaEntry = op();
    List<Op> seenByEntries = new ArrayList<>();
    for (Map.Entry<Integer, Op> e : map.entrySet()) {
      if (e.getKey() == 0) {
        map.put(50, viaEntry);
      }
      seenByEntries.add(e.getValue());
    }
    assertSame(viaEntry, seenByEntries.get(50));
    List<Op> seenByForEach = new ArrayList<>();
    Op viaForEach = op();
    map.forEach(
        (k, v) -> {
          if (k == 0) {
            map.put(10, viaForEach);
          }
          seenByForEach.add(v);
        });
    assertSame(viaForEach, seenByForEach.get(10));
  }

  @Test
  void mergeOfAMapWithItselfIsThatMap() {
    OpMap a = new OpMap();
    for (int i = 0; i < 500; i++) {
      a.put(i * 7, op());
    }
    OpMap b = new OpMap(a);
    OpMap merged =
        OpMap.merge(
            a,
            b,
            (x, y) -> {
              throw new AssertionError("nothing differs");
            });
    assertTrue(OpMap.sameEntries(a, merged, (x, y) -> false));
  }

  @Test
  void sameEntriesAsksAboutEachDifferingPair() {
    OpMap a = new OpMap();
    OpMap b = new OpMap();
    Op x = op();
    Op y = op();
    a.put(5, x);
    b.put(5, y);
    assertTrue(OpMap.sameEntries(a, b, (p, q) -> p == x && q == y));
    assertFalse(OpMap.sameEntries(a, b, (p, q) -> false));
    b.put(70_000, x);
    a.put(70_001, x);
    assertFalse(OpMap.sameEntries(a, b, (p, q) -> true), "different ids");
  }
}
