package io.github.overlapcheck.bench;

import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.rules.Rules;
import java.util.ArrayList;
import java.util.List;

/** The two sides of the in-process comparison, as Error Prone arguments. */
final class Sides {
  private Sides() {}

  /** A: Error Prone with every check off, its own and overlapcheck's. */
  static final String BASELINE = "-Xplugin:ErrorProne -XepDisableAllChecks";

  /** B: the same, plus every overlapcheck rule. */
  static String withOverlapcheck() {
    List<String> flags = new ArrayList<>();
    flags.add(BASELINE);
    for (Rule r : Rules.ALL) {
      flags.add("-Xep:" + r.name() + ":WARN");
    }
    return String.join(" ", flags);
  }

  /**
   * A control for B: the baseline plus these Error Prone checks (names joined by "+": JMH takes a
   * comma as a list of parameter values) at WARN, to tell what enabling any check costs from what
   * overlapcheck's checks cost.
   */
  static String withChecks(String names) {
    List<String> flags = new ArrayList<>();
    flags.add(BASELINE);
    for (String name : names.split("\\+", -1)) {
      flags.add("-Xep:" + name.trim() + ":WARN");
    }
    return String.join(" ", flags);
  }
}
