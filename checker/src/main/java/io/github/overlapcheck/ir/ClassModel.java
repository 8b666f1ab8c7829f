package io.github.overlapcheck.ir;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The class a method belongs to, as far as the analysis of its methods needs it: every method (for
 * helper summaries and for what each does to fields), the constructors and field initializers
 * (lowered as {@code <init>} methods), and the methods that run on a thread of their own.
 *
 * @param threadBodies methods the class hands to a thread or executor ({@code new
 *     Thread(this::pump)}, {@code CreateThread(name, this::pump)}, a lambda calling them, {@code
 *     run()} of a Runnable): they run while the class's other methods are called from elsewhere
 */
public record ClassModel(
    String name, List<MethodModel> methods, Set<String> threadBodies, Set<String> settledFields) {
  public ClassModel {
    methods = List.copyOf(methods);
    threadBodies = Set.copyOf(threadBodies);
    settledFields = Set.copyOf(settledFields);
  }

  public ClassModel(String name, List<MethodModel> methods) {
    this(name, methods, Set.of(), Set.of());
  }

  public Optional<MethodModel> method(String name, int arity) {
    return methods.stream()
        .filter(m -> m.name().equals(name) && m.parameters().size() == arity)
        .findFirst();
  }
}
