package io.github.overlapcheck.analysis;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A finding: which rule, the front end's node to report on, the message, and a fix when one is
 * sure.
 */
public record Finding(
    String rule, Object origin, String message, Optional<Fix> fix, Set<Object> concerns) {
  /**
   * {@code concerns}: the nodes of the operations (their calls, the cancel that aborted them) the
   * finding is about, so that a rule that explains it can be found at any of them.
   */
  public Finding {
    concerns = Set.copyOf(concerns);
  }

  public Finding(String rule, Object origin, String message, Optional<Fix> fix) {
    this(rule, origin, message, fix, Set.of());
  }

  /**
   * A fix: replace the source of {@code origin} with {@code replacement}; or, when {@code
   * renamesCall} is set, give the call {@code origin} the method name {@code replacement} and add
   * {@code addedArguments} after its last argument.
   */
  public record Fix(
      Object origin, String replacement, boolean renamesCall, List<String> addedArguments) {
    public Fix {
      addedArguments = List.copyOf(addedArguments);
    }

    public Fix(Object origin, String replacement) {
      this(origin, replacement, false, List.of());
    }

    /** Calls another method of the same receiver, with more arguments. */
    public static Fix renameCall(Object call, String name, List<String> addedArguments) {
      return new Fix(call, name, true, addedArguments);
    }
  }
}
