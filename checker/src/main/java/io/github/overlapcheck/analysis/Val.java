package io.github.overlapcheck.analysis;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The abstract value of an expression: which tracked objects it may refer to, whether it is the
 * BOOL result or the last error of started operations, or the result of a timed wait (the
 * operations it completes when it returns WAIT_OBJECT_0), and its constant value if known.
 */
record Val(
    Set<String> objects,
    Set<Integer> resultOf,
    Set<Integer> lastErrorOf,
    OptionalLong constant,
    Set<Integer> completesOnSuccess,
    Set<Integer> pendingIfTrue,
    Set<Integer> pendingIfFalse,
    Flag flag,
    Set<Integer> pollErrorOf) {
  static final Val NONE = new Val(Set.of(), Set.of(), Set.of(), OptionalLong.empty());

  /**
   * For a boolean flag, the operations that are not pending, and those that did not fail, when it
   * is true / false: learnt where paths that set it differently join ({@code writing = true} after
   * a write was started, {@code writing = false} once it is awaited or when it failed).
   */
  record Flag(
      Set<Integer> notPendingIfTrue,
      Set<Integer> notPendingIfFalse,
      Set<Integer> notFailedIfTrue,
      Set<Integer> notFailedIfFalse,
      Set<Integer> falseTakenIfTrue,
      Set<Integer> falseTakenIfFalse,
      Set<Integer> notAtOnceIfTrue,
      Set<Integer> notAtOnceIfFalse) {
    static final Flag NONE = new Flag(Set.of(), Set.of(), Set.of(), Set.of());

    /**
     * {@code falseTakenIfTrue}/{@code falseTakenIfFalse}: a condition kept in a local that branched
     * on these operations' FALSE ({@code mustWait = !ok && ...}): testing it does too. {@code
     * notAtOnceIfTrue}/{@code notAtOnceIfFalse}: the operations that did not return TRUE when it is
     * true / false ({@code started = ReadFile(...) || ... == ERROR_IO_PENDING} is false only for a
     * failure).
     */
    Flag {
      notPendingIfTrue = Set.copyOf(notPendingIfTrue);
      notPendingIfFalse = Set.copyOf(notPendingIfFalse);
      notFailedIfTrue = Set.copyOf(notFailedIfTrue);
      notFailedIfFalse = Set.copyOf(notFailedIfFalse);
      falseTakenIfTrue = Set.copyOf(falseTakenIfTrue);
      falseTakenIfFalse = Set.copyOf(falseTakenIfFalse);
      notAtOnceIfTrue = Set.copyOf(notAtOnceIfTrue);
      notAtOnceIfFalse = Set.copyOf(notAtOnceIfFalse);
    }

    Flag(
        Set<Integer> notPendingIfTrue,
        Set<Integer> notPendingIfFalse,
        Set<Integer> notFailedIfTrue,
        Set<Integer> notFailedIfFalse) {
      this(
          notPendingIfTrue,
          notPendingIfFalse,
          notFailedIfTrue,
          notFailedIfFalse,
          Set.of(),
          Set.of(),
          Set.of(),
          Set.of());
    }

    boolean isEmpty() {
      return notPendingIfTrue.isEmpty()
          && notPendingIfFalse.isEmpty()
          && notFailedIfTrue.isEmpty()
          && notFailedIfFalse.isEmpty()
          && falseTakenIfTrue.isEmpty()
          && falseTakenIfFalse.isEmpty()
          && notAtOnceIfTrue.isEmpty()
          && notAtOnceIfFalse.isEmpty();
    }

    Flag negated() {
      return new Flag(
          notPendingIfFalse,
          notPendingIfTrue,
          notFailedIfFalse,
          notFailedIfTrue,
          falseTakenIfFalse,
          falseTakenIfTrue,
          notAtOnceIfFalse,
          notAtOnceIfTrue);
    }

    Flag forgetting(int op) {
      return new Flag(
          without(notPendingIfTrue, op),
          without(notPendingIfFalse, op),
          without(notFailedIfTrue, op),
          without(notFailedIfFalse, op),
          without(falseTakenIfTrue, op),
          without(falseTakenIfFalse, op),
          without(notAtOnceIfTrue, op),
          without(notAtOnceIfFalse, op));
    }

    private static Set<Integer> without(Set<Integer> set, int op) {
      if (!set.contains(op)) {
        return set;
      }
      Set<Integer> r = new HashSet<>(set);
      r.remove(op);
      return r;
    }
  }

  Val {
    objects = Set.copyOf(objects);
    resultOf = Set.copyOf(resultOf);
    lastErrorOf = Set.copyOf(lastErrorOf);
    completesOnSuccess = Set.copyOf(completesOnSuccess);
    pendingIfTrue = Set.copyOf(pendingIfTrue);
    pendingIfFalse = Set.copyOf(pendingIfFalse);
    pollErrorOf = Set.copyOf(pollErrorOf);
  }

  /**
   * {@code pollErrorOf}: the last error of a polling GetOverlappedResult (bWait false) for these
   * operations: ERROR_IO_INCOMPLETE means they are still pending, anything else that they are over.
   */
  Val(
      Set<String> objects,
      Set<Integer> resultOf,
      Set<Integer> lastErrorOf,
      OptionalLong constant,
      Set<Integer> completesOnSuccess,
      Set<Integer> pendingIfTrue,
      Set<Integer> pendingIfFalse,
      Flag flag) {
    this(
        objects,
        resultOf,
        lastErrorOf,
        constant,
        completesOnSuccess,
        pendingIfTrue,
        pendingIfFalse,
        flag,
        Set.of());
  }

  static Val pollErrorOf(Set<Integer> ops) {
    return new Val(
        Set.of(),
        Set.of(),
        Set.of(),
        OptionalLong.empty(),
        Set.of(),
        Set.of(),
        Set.of(),
        Flag.NONE,
        ops);
  }

  Val(
      Set<String> objects,
      Set<Integer> resultOf,
      Set<Integer> lastErrorOf,
      OptionalLong constant,
      Set<Integer> completesOnSuccess,
      Set<Integer> pendingIfTrue,
      Set<Integer> pendingIfFalse) {
    this(
        objects,
        resultOf,
        lastErrorOf,
        constant,
        completesOnSuccess,
        pendingIfTrue,
        pendingIfFalse,
        Flag.NONE);
  }

  /** This value with the flag correlations given. */
  Val withFlag(Flag flag) {
    return new Val(
        objects,
        resultOf,
        lastErrorOf,
        constant,
        completesOnSuccess,
        pendingIfTrue,
        pendingIfFalse,
        flag,
        pollErrorOf);
  }

  /** This value without {@code op} in its flag correlations (it was started again). */
  Val forgetting(int op) {
    Flag f = flag.forgetting(op);
    return f.equals(flag) ? this : withFlag(f);
  }

  Val(Set<String> objects, Set<Integer> resultOf, Set<Integer> lastErrorOf, OptionalLong constant) {
    this(objects, resultOf, lastErrorOf, constant, Set.of(), Set.of(), Set.of());
  }

  /**
   * The boolean {@code lastError == ERROR_IO_PENDING} for these operations (or its negation): kept
   * as a value so that a local or a helper's result refines a later branch.
   */
  static Val pendingTest(Set<Integer> ops, boolean equals) {
    return new Val(
        Set.of(),
        Set.of(),
        Set.of(),
        OptionalLong.empty(),
        Set.of(),
        equals ? ops : Set.of(),
        equals ? Set.of() : ops);
  }

  Val negated() {
    return new Val(
        objects,
        Set.of(),
        Set.of(),
        OptionalLong.empty(),
        Set.of(),
        /* pendingIfTrue= */ pendingIfFalse,
        /* pendingIfFalse= */ pendingIfTrue,
        flag.negated());
  }

  static Val of(String object) {
    return new Val(Set.of(object), Set.of(), Set.of(), OptionalLong.empty());
  }

  static Val constant(long value) {
    return new Val(Set.of(), Set.of(), Set.of(), OptionalLong.of(value));
  }

  static Val resultOf(int op) {
    return new Val(Set.of(), Set.of(op), Set.of(), OptionalLong.empty());
  }

  static Val lastErrorOf(Set<Integer> ops) {
    return new Val(Set.of(), Set.of(), ops, OptionalLong.empty());
  }

  static Val waitResult(Set<Integer> ops) {
    return new Val(Set.of(), Set.of(), Set.of(), OptionalLong.empty(), ops, Set.of(), Set.of());
  }

  Val join(Val other) {
    if (equals(other)) {
      return this;
    }
    Set<String> o = State.union(objects, other.objects);
    Set<Integer> r = State.union(resultOf, other.resultOf);
    Set<Integer> e = State.union(lastErrorOf, other.lastErrorOf);
    OptionalLong c = constant.equals(other.constant) ? constant : OptionalLong.empty();
    Set<Integer> w = State.union(completesOnSuccess, other.completesOnSuccess);
    // A test known on one path only says nothing on the joined one.
    Set<Integer> t = pendingIfTrue.equals(other.pendingIfTrue) ? pendingIfTrue : Set.of();
    Set<Integer> f = pendingIfFalse.equals(other.pendingIfFalse) ? pendingIfFalse : Set.of();
    // Flag correlations of locals are joined by State.join, which sees both paths' operations.
    Set<Integer> p = State.union(pollErrorOf, other.pollErrorOf);
    return new Val(o, r, e, c, w, t, f, flag.equals(other.flag) ? flag : Flag.NONE, p);
  }

  /** Merges the parts of a compound value (an opaque expression's operands). */
  Val plus(Val other) {
    return join(other);
  }
}
