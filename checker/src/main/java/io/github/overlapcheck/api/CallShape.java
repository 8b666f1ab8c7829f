package io.github.overlapcheck.api;

import java.util.List;

/**
 * What a front end knows of a called method: enough to decide which modelled operation, if any, it
 * is.
 *
 * @param name the method's simple name
 * @param owner the qualified name of the declaring type ("" when unknown)
 * @param origin how the method reaches native code, as far as the front end can tell
 * @param parameters the shape of each declared parameter (or of each argument, when the declaration
 *     is unknown)
 */
public record CallShape(String name, String owner, Origin origin, List<TypeShape> parameters) {
  public CallShape {
    parameters = List.copyOf(parameters);
  }

  /** How a called method is declared. */
  public enum Origin {
    /** A method of an interface that extends com.sun.jna.Library (directly or not). */
    JNA_LIBRARY,
    /** A static native method: JNA direct mapping. */
    DIRECT_MAPPING,
    /** The reference runtime's Kernel32. */
    REFERENCE_RUNTIME,
    /** Any other static method: a wrapper, or an FFM/jextract binding. */
    STATIC_METHOD,
    /** Any other instance method. */
    INSTANCE_METHOD,
    /** No declaration available (the scanner without a classpath). */
    UNRESOLVED
  }
}
