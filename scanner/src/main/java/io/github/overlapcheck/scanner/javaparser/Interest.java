package io.github.overlapcheck.scanner.javaparser;

import java.util.List;
import java.util.Set;

/**
 * Calls whose declaring type the analysis looks at (native memory setters, ByteBuffer's fluent
 * calls, arenas, Java's blocking calls) besides the modelled ones, and what the scanner assumes of
 * them when no declaration is at hand.
 */
final class Interest {
  private Interest() {}

  private static final Set<String> NAMES =
      Set.of(
          "write",
          "wrap",
          "sleep",
          "join",
          "wait",
          "await",
          "acquire",
          "take",
          "get",
          "park",
          "parkNanos",
          "awaitTermination",
          "nativeValue",
          "order",
          "flip",
          "clear",
          "position",
          "limit",
          "rewind",
          "mark",
          "reset",
          "compact",
          "slice",
          "duplicate",
          "asReadOnlyBuffer");

  /** Whether the analysis looks at the declaring type of calls of this name. */
  static boolean ownerMatters(String name) {
    return NAMES.contains(name)
        || name.startsWith("set")
        || name.startsWith("put")
        || name.startsWith("of")
        || name.startsWith("allocate");
  }

  /**
   * The type that declares a method called on a receiver of a type with no source declaration of
   * it: the nearest library type the scanner knows among the receiver's type and supertypes.
   */
  static String declaringType(String receiver, String method, Types types) {
    if (types.knows(receiver) && types.index().type(receiver).isEmpty()) {
      return receiver;
    }
    for (String s : types.ancestors(receiver)) {
      if (types.index().type(s).isEmpty() && types.knows(s) && !s.equals("java.lang.Object")) {
        return s;
      }
    }
    return receiver;
  }

  private static final Set<String> SAME_BUFFER =
      Set.of(
          "order",
          "put",
          "putChar",
          "putShort",
          "putInt",
          "putLong",
          "putFloat",
          "putDouble",
          "flip",
          "clear",
          "position",
          "limit",
          "rewind",
          "mark",
          "reset",
          "compact",
          "slice",
          "duplicate",
          "asReadOnlyBuffer",
          "allocate",
          "allocateDirect",
          "wrap");

  /** The type a call of a library method returns, for the few the scanner needs. */
  static TypeRef returnType(TypeRef receiver, String method, Types types) {
    String r = receiver.name();
    if (types.isSubtype(receiver, "java.nio.ByteBuffer") && SAME_BUFFER.contains(method)) {
      return TypeRef.of("java.nio.ByteBuffer");
    }
    List<String> pointers = List.of(WellKnown.JNA + "Pointer", WellKnown.RUNTIME + "Pointer");
    boolean runtime = r.startsWith(WellKnown.RUNTIME);
    if (method.equals("getPointer") || method.equals("share") || method.equals("createConstant")) {
      return TypeRef.of(runtime ? pointers.get(1) : pointers.get(0));
    }
    if (method.equals("getValue") && r.endsWith("IntByReference")) {
      return TypeRef.INT;
    }
    if (method.equals("getValue") && r.endsWith("LongByReference")) {
      return TypeRef.LONG;
    }
    if (method.equals("malloc") || method.equals("nativeValue")) {
      return TypeRef.LONG;
    }
    return TypeRef.UNKNOWN;
  }
}
