package io.github.overlapcheck.ir;

import java.util.List;
import java.util.Optional;

/**
 * The class a method belongs to, as far as the analysis of its methods needs it: every method (for
 * helper summaries and for what each does to fields), the constructors and field initializers
 * (lowered as {@code <init>} methods), and the names of its fields.
 */
public record ClassModel(String name, List<MethodModel> methods) {
  public ClassModel {
    methods = List.copyOf(methods);
  }

  public Optional<MethodModel> method(String name, int arity) {
    return methods.stream()
        .filter(m -> m.name().equals(name) && m.parameters().size() == arity)
        .findFirst();
  }
}
