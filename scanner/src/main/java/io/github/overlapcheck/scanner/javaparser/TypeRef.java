package io.github.overlapcheck.scanner.javaparser;

import java.util.Optional;

/**
 * A type as the scanner knows it: a qualified name when it could be resolved (else the name as
 * written), and the number of array dimensions. {@link #UNKNOWN} when nothing is known.
 */
record TypeRef(String name, int dimensions) {
  static final TypeRef UNKNOWN = new TypeRef("", 0);
  static final TypeRef INT = new TypeRef("int", 0);
  static final TypeRef LONG = new TypeRef("long", 0);
  static final TypeRef BOOLEAN = new TypeRef("boolean", 0);
  static final TypeRef STRING = new TypeRef("java.lang.String", 0);

  static TypeRef of(String name) {
    return new TypeRef(name, 0);
  }

  boolean isUnknown() {
    return name.isEmpty();
  }

  boolean isArray() {
    return dimensions > 0;
  }

  boolean isPrimitive() {
    return dimensions == 0 && primitiveName(name);
  }

  TypeRef component() {
    return dimensions == 0 ? UNKNOWN : new TypeRef(name, dimensions - 1);
  }

  TypeRef arrayOf() {
    return isUnknown() ? UNKNOWN : new TypeRef(name, dimensions + 1);
  }

  /** The simple name of the element type (the last segment of a qualified name). */
  String simpleName() {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** As javac prints an array type ({@code byte[]}, {@code com.sun.jna.Pointer[]}). */
  String display() {
    return name + "[]".repeat(dimensions);
  }

  static boolean primitiveName(String n) {
    return switch (n) {
      case "int", "long", "short", "byte", "char", "boolean", "float", "double", "void" -> true;
      default -> false;
    };
  }

  Optional<String> primitive() {
    return isPrimitive() ? Optional.of(name) : Optional.empty();
  }
}
