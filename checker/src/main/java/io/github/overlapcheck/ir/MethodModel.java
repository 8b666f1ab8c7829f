package io.github.overlapcheck.ir;

import java.util.List;

/**
 * One method (or constructor, or field initializer block) lowered for the analysis.
 *
 * @param name the method's name ("<init>" for constructors and initializers)
 * @param parameters the parameters' local names
 * @param body the body
 */
public record MethodModel(String name, List<Parameter> parameters, Stmt body, Object origin) {
  public MethodModel {
    parameters = List.copyOf(parameters);
  }

  public record Parameter(String name) {}
}
