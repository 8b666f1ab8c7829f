package io.github.overlapcheck.analysis;

import java.util.Map;

/**
 * What a class's methods, constructors and initializers do to its fields: which hold asynchronous
 * handles, to seeking devices or not, bound to a port, with skip-on-success set. Computed once per
 * class and seeded into the analysis of each of its methods.
 */
public record ClassFacts(Map<String, Obj> fields) {
  public static final ClassFacts NONE = new ClassFacts(Map.of());

  public ClassFacts {
    fields = Map.copyOf(fields);
  }
}
