package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ClassTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.Tree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A method whose analysis throws (an unexpected tree shape, a bug) has no findings, and neither the
 * compilation nor the other methods of its class are affected: outside the project's own tests
 * ({@link SharedAnalysis#DEBUG_PROPERTY} unset), the shared loop catches the error.
 */
final class AnalysisFailureTest {
  private String debug;

  @BeforeEach
  void asInAUsersBuild() {
    debug = System.clearProperty(SharedAnalysis.DEBUG_PROPERTY);
  }

  @AfterEach
  void restore() {
    if (debug != null) {
      System.setProperty(SharedAnalysis.DEBUG_PROPERTY, debug);
    }
  }

  /**
   * Runs the shared loop with an analysis that fails for methods named {@code broken*} (by an
   * exception or a stack overflow) and is the real one otherwise; reports each finding it gets.
   */
  @BugPattern(summary = "Reports what the shared loop returns (test only)", severity = WARNING)
  public static final class FailingAnalysis extends BugChecker implements ClassTreeMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public Description matchClass(ClassTree tree, VisitorState state) {
      SharedAnalysis.analyzeMethods(
          tree,
          state,
          OverlapcheckConfig.from(ErrorProneFlags.empty()),
          (cls, method) -> {
            String name = method.getName().toString();
            if (name.equals("brokenByException")) {
              throw new IllegalStateException("an unexpected tree shape");
            }
            if (name.equals("brokenByOverflow")) {
              throw new StackOverflowError();
            }
            return cls.findings(method);
          },
          (method, findings) ->
              findings.forEach(
                  f ->
                      state.reportMatch(
                          buildDescription((Tree) f.origin())
                              .setMessage(f.rule() + " in " + method.getName())
                              .build())));
      return Description.NO_MATCH;
    }
  }

  /** The fixture's method; {@code expected} says whether its finding is reported. */
  private static String reader(String name, boolean expected) {
    return ReaderFixture.method("", name, expected ? "LocalOverlappedEscapes in " + name : "");
  }

  @Test
  void aFailingMethodLosesItsOwnFindingsOnly() {
    CompilationTestHelper.newInstance(FailingAnalysis.class, getClass())
        .addSourceLines(
            "Reader.java",
            ReaderFixture.IMPORTS
                + "class Reader {\n"
                + reader("before", true)
                + reader("brokenByException", false)
                + reader("between", true)
                + reader("brokenByOverflow", false)
                + reader("after", true)
                + "}\n")
        .doTest();
  }
}
