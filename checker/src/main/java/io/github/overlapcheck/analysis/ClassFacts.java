package io.github.overlapcheck.analysis;

import java.util.Map;
import java.util.Set;

/**
 * What a class's methods, constructors and initializers do to its fields: which hold asynchronous
 * handles, to seeking devices or not, bound to a port, with skip-on-success set. Computed once per
 * class and seeded into the analysis of each of its methods.
 */
public record ClassFacts(
    Map<String, Obj> fields,
    Map<String, Map<String, Map<Integer, Integer>>> inFlight,
    Set<String> threadBodies,
    Set<String> settledFields,
    Map<String, Map<Integer, Op>> leftPending,
    Map<String, Set<Integer>> fieldGuards) {
  public static final ClassFacts NONE =
      new ClassFacts(Map.of(), Map.of(), Set.of(), Set.of(), Map.of(), Map.of());

  public ClassFacts(
      Map<String, Obj> fields,
      Map<String, Map<String, Map<Integer, Integer>>> inFlight,
      Set<String> threadBodies,
      Set<String> settledFields) {
    this(fields, inFlight, threadBodies, settledFields, Map.of(), Map.of());
  }

  /**
   * {@code inFlight}: for each method, the operations (by call, with 1, or 2 for more than one
   * instance) it may have pending at some point on each field's handle. {@code threadBodies}: the
   * methods that run on threads of their own, concurrently with the class's other methods. {@code
   * settledFields}: fields that are not final but that only constructors assign. {@code
   * leftPending}: for each method, the operations it may return with still pending that use the
   * class's fields (their handles, buffers and OVERLAPPEDs as fields only). {@code fieldGuards}:
   * boolean fields that say those operations are idle when false (every method leaves the field
   * true whenever it may leave one pending, and sets it false only once it is idle: {@code
   * writeInFlight}), with the operations each guards.
   */
  public ClassFacts {
    fields = Map.copyOf(fields);
    inFlight = Map.copyOf(inFlight);
    threadBodies = Set.copyOf(threadBodies);
    settledFields = Set.copyOf(settledFields);
    leftPending = Map.copyOf(leftPending);
    fieldGuards = Map.copyOf(fieldGuards);
  }
}
