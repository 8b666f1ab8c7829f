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
   * A fix, one of three kinds: {@link Kind#REPLACE} replaces the source of {@code origin} with
   * {@code replacement}; {@link Kind#RENAME_CALL} gives the call {@code origin} the method name
   * {@code replacement} and adds {@code addedArguments} after its last argument; {@link
   * Kind#POINTER_ARGUMENT} passes the call {@code origin}'s argument number {@code argument} (a JNA
   * Structure) as its native pointer, where the called method has an overload that takes one.
   */
  public record Fix(
      Kind kind, Object origin, String replacement, List<String> addedArguments, int argument) {
    public enum Kind {
      REPLACE,
      RENAME_CALL,
      POINTER_ARGUMENT
    }

    public Fix {
      addedArguments = List.copyOf(addedArguments);
    }

    public Fix(Object origin, String replacement) {
      this(Kind.REPLACE, origin, replacement, List.of(), -1);
    }

    /** Calls another method of the same receiver, with more arguments. */
    public static Fix renameCall(Object call, String name, List<String> addedArguments) {
      return new Fix(Kind.RENAME_CALL, call, name, addedArguments, -1);
    }

    /**
     * Passes {@code structure.getPointer()} instead of the Structure itself as the call's argument
     * number {@code argument}; offered only where the called method has an overload that takes a
     * Pointer there.
     */
    public static Fix pointerArgument(Object call, int argument) {
      return new Fix(Kind.POINTER_ARGUMENT, call, "getPointer", List.of(), argument);
    }
  }
}
