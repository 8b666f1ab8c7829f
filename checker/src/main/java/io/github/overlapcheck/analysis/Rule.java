package io.github.overlapcheck.analysis;

import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.ir.Expr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A rule: reads the analysis at the events it cares about and reports. The analysis calls these
 * only once per program point, with the converged state, so a rule sees every path at once.
 */
public interface Rule {
  String name();

  /**
   * The rules whose findings this rule's finding explains, at the same node or about the same
   * operation ({@link Finding#concerns()}): one mistake, one finding.
   */
  default Set<String> explains() {
    return Set.of();
  }

  /**
   * Whether the rule also looks into lambdas handed to another thread, where the creating code's
   * operations belong to another thread ({@link Op#otherThread()}).
   */
  default boolean seesOtherThreads() {
    return false;
  }

  /**
   * Where this rule may report in code that has started no I/O operation, so that no state holds
   * one: at the calls of these modelled operations. Empty: it reports only about operations
   * started. Absent (the default, for a rule that does not say): anywhere. A front end skips a
   * class that calls no function that starts I/O, nor one of these for any rule ({@link
   * Analysis#mayFind}).
   */
  default Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.empty();
  }

  /**
   * A read, write, connect or comm-event wait was issued; {@code before} is the state at the call.
   */
  default void issued(Op op, Snapshot before, Snapshot after, Reporter out) {}

  /**
   * Memory was released: {@code freed} are the objects (with their views); {@code scopeEnd} when an
   * arena closed.
   */
  default void freed(
      Expr.Call call, Set<String> freed, boolean scopeEnd, Snapshot before, Reporter out) {}

  /**
   * A wait: on {@code handles} (WaitForSingleObject/MultipleObjects), or GetOverlappedResult with
   * bWait on {@code handles} for the OVERLAPPED {@code overlappeds}.
   */
  default void waited(
      Expr.Call call,
      Set<String> handles,
      Set<String> overlappeds,
      boolean overlappedResult,
      Snapshot before,
      Reporter out) {}

  /**
   * A modelled call is about to take effect; {@code args} are the tracked objects each argument may
   * refer to.
   */
  default void called(Expr.Call call, List<Set<String>> args, Snapshot before, Reporter out) {}

  /**
   * Native memory of {@code objects} is written ({@code Memory.write}, a setter, {@code clear()},
   * {@code Structure.write()}).
   */
  default void written(Expr.Call call, Set<String> objects, Snapshot before, Reporter out) {}

  /** The value held by an out-parameter ({@code ref.getValue()}, {@code count[0]}) is read. */
  default void valueRead(Object origin, Set<String> objects, Snapshot before, Reporter out) {}

  /** The method ends here: by a return or throw statement, or otherwise ({@code kind}). */
  default void exit(Object origin, ExitKind kind, Snapshot state, Reporter out) {}

  /** Where rules put findings; the same finding twice is kept once. */
  interface Reporter {
    void report(Finding finding);

    /** How the method names an object in source, for messages ("ov", "this.pipe"). */
    String describe(String objectId);

    /** Whether the method compares a last error with ERROR_IO_PENDING or awaits a result. */
    boolean methodExpectsPending();

    /** Which thread the code being analysed runs on, as far as the class shows. */
    default Runs runs() {
      return Runs.UNKNOWN;
    }
  }

  /** Which thread a method (or a lambda in it) runs on. */
  enum Runs {
    /**
     * A thread of its own: a method or lambda the class hands to a thread, an executor, a timer, a
     * Cleaner or a shutdown hook, or {@code run()} of a Runnable.
     */
    OWN_THREAD,
    /** Its caller's: a method no code of the class hands to another thread, nor calls from one. */
    CALLERS_THREAD,
    /** Not known: a helper that code running on its own thread also calls. */
    UNKNOWN
  }
}
