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
    Set<Integer> notPendingIfTrue,
    Set<Integer> notPendingIfFalse) {
  static final Val NONE = new Val(Set.of(), Set.of(), Set.of(), OptionalLong.empty());

  /**
   * {@code notPendingIfTrue}/{@code notPendingIfFalse}: for a boolean flag, the operations that are
   * not pending when it is true / false (learnt where paths that set it differently join: {@code
   * writing = true} after a write is started, {@code writing = false} once it is awaited).
   */
  Val {
    objects = Set.copyOf(objects);
    resultOf = Set.copyOf(resultOf);
    lastErrorOf = Set.copyOf(lastErrorOf);
    completesOnSuccess = Set.copyOf(completesOnSuccess);
    pendingIfTrue = Set.copyOf(pendingIfTrue);
    pendingIfFalse = Set.copyOf(pendingIfFalse);
    notPendingIfTrue = Set.copyOf(notPendingIfTrue);
    notPendingIfFalse = Set.copyOf(notPendingIfFalse);
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
        Set.of(),
        Set.of());
  }

  /** This value with the flag correlations given. */
  Val withFlag(Set<Integer> notPendingIfTrue, Set<Integer> notPendingIfFalse) {
    return new Val(
        objects,
        resultOf,
        lastErrorOf,
        constant,
        completesOnSuccess,
        pendingIfTrue,
        pendingIfFalse,
        notPendingIfTrue,
        notPendingIfFalse);
  }

  /** This value without {@code op} in its flag correlations (it was started again). */
  Val forgetting(int op) {
    if (!notPendingIfTrue.contains(op) && !notPendingIfFalse.contains(op)) {
      return this;
    }
    Set<Integer> t = new HashSet<>(notPendingIfTrue);
    t.remove(op);
    Set<Integer> f = new HashSet<>(notPendingIfFalse);
    f.remove(op);
    return withFlag(t, f);
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
        /* notPendingIfTrue= */ notPendingIfFalse,
        /* notPendingIfFalse= */ notPendingIfTrue);
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
    Set<String> o = new HashSet<>(objects);
    o.addAll(other.objects);
    Set<Integer> r = new HashSet<>(resultOf);
    r.addAll(other.resultOf);
    Set<Integer> e = new HashSet<>(lastErrorOf);
    e.addAll(other.lastErrorOf);
    OptionalLong c = constant.equals(other.constant) ? constant : OptionalLong.empty();
    Set<Integer> w = new HashSet<>(completesOnSuccess);
    w.addAll(other.completesOnSuccess);
    // A test known on one path only says nothing on the joined one.
    Set<Integer> t = pendingIfTrue.equals(other.pendingIfTrue) ? pendingIfTrue : Set.of();
    Set<Integer> f = pendingIfFalse.equals(other.pendingIfFalse) ? pendingIfFalse : Set.of();
    // Flag correlations of locals are joined by State.join, which sees both paths' operations.
    Set<Integer> nt = notPendingIfTrue.equals(other.notPendingIfTrue) ? notPendingIfTrue : Set.of();
    Set<Integer> nf =
        notPendingIfFalse.equals(other.notPendingIfFalse) ? notPendingIfFalse : Set.of();
    return new Val(o, r, e, c, w, t, f, nt, nf);
  }

  /** Merges the parts of a compound value (an opaque expression's operands). */
  Val plus(Val other) {
    return join(other);
  }
}
