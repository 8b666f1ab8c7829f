package io.github.overlapcheck.errorprone;

/** Where the rules' documentation pages live. */
final class Links {
  static final String RULES = "https://github.com/overlapcheck/overlapcheck/blob/main/docs/rules/";

  private Links() {}
}
