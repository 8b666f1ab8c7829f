package io.github.overlapcheck.ir;

import io.github.overlapcheck.api.Binding;
import io.github.overlapcheck.api.TypeShape;
import java.util.List;
import java.util.Optional;

/**
 * An expression of the method model. Only what the analysis needs is kept precise (locals, fields,
 * constants, modelled calls, allocations, boolean and bitwise structure); anything else is {@link
 * Opaque}, which still lists its parts so that a tracked value passed through it is seen to escape.
 */
public sealed interface Expr {
  /** The front end's own node (a javac tree, a JavaParser node), for reporting. */
  Object origin();

  /** {@code null}, a cast of it, or JNA's {@code Pointer.NULL}. */
  static boolean isNull(Expr e) {
    if (e instanceof NullConst) {
      return true;
    }
    if (e instanceof Unary u && u.op().startsWith("(")) {
      return isNull(u.operand());
    }
    return e instanceof Field f && f.name().endsWith("Pointer.NULL");
  }

  /** A local variable or parameter; {@code name} is unique within the method. */
  record Local(String name, Object origin) implements Expr {}

  /**
   * A field: of {@code this} when {@code base} is empty, else of the base's value. {@code owner} is
   * the qualified name of the class that declares an instance field reached through a base ("" if
   * unknown, and for fields of {@code this}).
   */
  record Field(Optional<Expr> base, String name, String owner, Object origin) implements Expr {
    public Field(Optional<Expr> base, String name, Object origin) {
      this(base, name, "", origin);
    }
  }

  /** An integral constant; {@code name} is the constant's simple name when it was one. */
  record IntConst(long value, Optional<String> name, Object origin) implements Expr {}

  record BoolConst(boolean value, Object origin) implements Expr {}

  record StringConst(String value, Object origin) implements Expr {}

  record NullConst(Object origin) implements Expr {}

  /**
   * A method call. {@code owner} is the declaring type's qualified name ("" if unknown), {@code
   * parameters} the declared parameters' shapes. {@code binding} is present when the API model
   * recognised the call; {@code sameClassMethod} names a method of the class being analysed. {@code
   * throwsLastError}: the called method is declared to throw JNA's {@code LastErrorException},
   * which JNA throws in place of returning when the call sets a last error (for a read or write,
   * when it returns FALSE).
   */
  record Call(
      int id,
      String name,
      String owner,
      Optional<Expr> receiver,
      List<Expr> args,
      List<TypeShape> parameters,
      Optional<Binding> binding,
      Optional<String> sameClassMethod,
      Object origin,
      boolean throwsLastError)
      implements Expr {
    public Call {
      args = List.copyOf(args);
      parameters = List.copyOf(parameters);
    }

    public Call(
        int id,
        String name,
        String owner,
        Optional<Expr> receiver,
        List<Expr> args,
        List<TypeShape> parameters,
        Optional<Binding> binding,
        Optional<String> sameClassMethod,
        Object origin) {
      this(id, name, owner, receiver, args, parameters, binding, sameClassMethod, origin, false);
    }
  }

  /**
   * An allocation: {@code new T(...)} or an array. {@code kind} says what the analysis tracks it
   * as; {@code autoWrite}, for a Structure, that its class keeps JNA's automatic write on (see
   * {@link io.github.overlapcheck.api.StructureSync}).
   */
  record New(int id, NewKind kind, String type, boolean autoWrite, List<Expr> args, Object origin)
      implements Expr {
    public New {
      args = List.copyOf(args);
    }
  }

  /** What an allocation creates, as far as the analysis cares. */
  enum NewKind {
    /** A JNA/runtime Structure (an OVERLAPPED): native memory reclaimed with the object. */
    STRUCTURE,
    /** A view of existing memory: a Structure's pointer constructor, {@code new Pointer(peer)}. */
    STRUCTURE_VIEW,
    /** JNA/runtime Memory: native memory reclaimed with the object (JNA) or freed explicitly. */
    MEMORY,
    /** A Java array: JNA copies it to temporary native memory for each call. */
    JAVA_ARRAY,
    /** A heap ByteBuffer: copied like an array. */
    HEAP_BUFFER,
    /** Anything else. */
    OTHER
  }

  /** {@code array[index]}: the analysis keeps one summary of all elements of an array. */
  record ArrayElement(Expr array, Expr index, Object origin) implements Expr {}

  /** {@code left op right} for ==, !=, &&, ||, |, &, +, and the like. */
  record Binary(String op, Expr left, Expr right, Object origin) implements Expr {}

  /** {@code op operand} for !, -, ~, and casts ({@code op} is "(cast:int)"). */
  record Unary(String op, Expr operand, Object origin) implements Expr {}

  /** {@code cond ? then : otherwise}. */
  record Conditional(Expr cond, Expr then, Expr otherwise, Object origin) implements Expr {}

  /** {@code target = value} (also compound assignments, as the value). */
  record Assign(Expr target, Expr value, Object origin) implements Expr {}

  /**
   * A lambda handed to another thread (a thread, an executor, a timer, a Cleaner): {@code body}
   * runs there, later. To the code that creates it, it is {@code captured}: what it mentions
   * escapes.
   */
  record Lambda(List<String> parameters, Stmt body, Opaque captured, Object origin)
      implements Expr {
    public Lambda {
      parameters = List.copyOf(parameters);
    }
  }

  /** Anything else; its parts are evaluated, and tracked values among them escape. */
  record Opaque(List<Expr> parts, Object origin) implements Expr {
    public Opaque {
      parts = List.copyOf(parts);
    }
  }
}
