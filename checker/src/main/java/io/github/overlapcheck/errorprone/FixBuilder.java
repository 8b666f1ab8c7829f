package io.github.overlapcheck.errorprone;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import io.github.overlapcheck.analysis.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a rule's {@link Finding.Fix} into an Error Prone fix, checking with javac's symbols that
 * the changed code still compiles against the methods that exist; otherwise there is no fix.
 */
final class FixBuilder {
  private FixBuilder() {}

  static Optional<SuggestedFix> build(Finding.Fix fix, VisitorState state) {
    return switch (fix.kind()) {
      case REPLACE ->
          fix.origin() instanceof Tree t
              ? Optional.of(SuggestedFix.replace(t, fix.replacement()))
              : Optional.empty();
      case RENAME_CALL -> renameCall(fix, state);
      case POINTER_ARGUMENT -> pointerArgument(fix, state);
    };
  }

  /**
   * The methods called {@code name} with {@code arity} parameters on the type that owns {@code m}.
   */
  private static List<MethodSymbol> siblings(
      MethodSymbol m, String name, int arity, VisitorState state) {
    List<MethodSymbol> found = new ArrayList<>();
    if (!(m.owner instanceof ClassSymbol owner)) {
      return found;
    }
    for (Type t : state.getTypes().closure(owner.type)) {
      for (var s : t.tsym.members().getSymbolsByName(state.getName(name))) {
        if (s instanceof MethodSymbol ms && ms.getParameters().size() == arity) {
          found.add(ms);
        }
      }
    }
    // In a fixed order, so that the fix is the same on every run.
    found.sort(Comparator.comparing(x -> state.getTypes().erasure(x.type).toString()));
    return found;
  }

  private static Optional<SuggestedFix> renameCall(Finding.Fix fix, VisitorState state) {
    if (!(fix.origin() instanceof MethodInvocationTree call) || call.getArguments().isEmpty()) {
      return Optional.empty();
    }
    MethodSymbol called = ASTHelpers.getSymbol(call);
    if (called == null) {
      return Optional.empty();
    }
    // The method to call instead must exist on the same type, with the added arguments.
    List<MethodSymbol> targets =
        siblings(
            called,
            fix.replacement(),
            call.getArguments().size() + fix.addedArguments().size(),
            state);
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    SuggestedFix.Builder b =
        SuggestedFix.builder()
            .merge(SuggestedFixes.renameMethodInvocation(call, fix.replacement(), state));
    List<String> added = new ArrayList<>(fix.addedArguments());
    if (targets.size() > 1) {
      // Overloads: a bare null would be ambiguous, so it says which parameter type it is for.
      List<VarSymbol> params = targets.get(0).getParameters();
      for (int i = 0; i < added.size(); i++) {
        if (added.get(i).equals("null")) {
          Type type = state.getTypes().erasure(params.get(call.getArguments().size() + i).type);
          added.set(i, "(" + SuggestedFixes.qualifyType(state, b, type) + ") null");
        }
      }
    }
    if (!added.isEmpty()) {
      Tree last = call.getArguments().get(call.getArguments().size() - 1);
      b.postfixWith(last, ", " + String.join(", ", added));
    }
    return Optional.of(b.build());
  }

  /**
   * {@code s} becomes {@code s.getPointer()}, but only where an overload of the called method takes
   * what getPointer() returns at that position and accepts every other argument as it is, and takes
   * nothing as general as Object there (which would say nothing about what it expects).
   */
  private static Optional<SuggestedFix> pointerArgument(Finding.Fix fix, VisitorState state) {
    if (!(fix.origin() instanceof MethodInvocationTree call)
        || fix.argument() < 0
        || fix.argument() >= call.getArguments().size()) {
      return Optional.empty();
    }
    MethodSymbol called = ASTHelpers.getSymbol(call);
    ExpressionTree arg = call.getArguments().get(fix.argument());
    Type argType = ASTHelpers.getType(arg);
    if (called == null || argType == null) {
      return Optional.empty();
    }
    Types types = state.getTypes();
    Type pointer = noArgMethodReturn(argType, fix.replacement(), state);
    if (pointer == null) {
      return Optional.empty();
    }
    boolean fits = false;
    for (MethodSymbol m :
        siblings(called, called.getSimpleName().toString(), call.getArguments().size(), state)) {
      List<VarSymbol> params = m.getParameters();
      Type at = types.erasure(params.get(fix.argument()).type);
      if (types.isSameType(at, state.getSymtab().objectType)
          || !types.isAssignable(pointer, at)
          || types.isAssignable(argType, at)) {
        continue;
      }
      boolean othersFit = true;
      for (int i = 0; i < params.size() && othersFit; i++) {
        if (i != fix.argument()) {
          Type given = ASTHelpers.getType(call.getArguments().get(i));
          othersFit = given != null && types.isAssignable(given, types.erasure(params.get(i).type));
        }
      }
      fits |= othersFit;
    }
    if (!fits) {
      return Optional.empty();
    }
    String getter = "." + fix.replacement() + "()";
    return Optional.of(
        arg instanceof IdentifierTree
                || arg instanceof MemberSelectTree
                || arg instanceof MethodInvocationTree
            ? SuggestedFix.postfixWith(arg, getter)
            : SuggestedFix.replace(arg, "(" + state.getSourceForNode(arg) + ")" + getter));
  }

  /** The return type of the public no-argument method {@code name} of {@code type}, or null. */
  private static Type noArgMethodReturn(Type type, String name, VisitorState state) {
    if (!(type.tsym instanceof ClassSymbol)) {
      return null;
    }
    for (Type t : state.getTypes().closure(type)) {
      for (var s : t.tsym.members().getSymbolsByName(state.getName(name))) {
        if (s instanceof MethodSymbol ms
            && ms.getParameters().isEmpty()
            && ms.getModifiers().contains(javax.lang.model.element.Modifier.PUBLIC)) {
          return state.getTypes().erasure(ms.getReturnType());
        }
      }
    }
    return null;
  }
}
