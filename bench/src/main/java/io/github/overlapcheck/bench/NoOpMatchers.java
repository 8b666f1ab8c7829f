package io.github.overlapcheck.bench;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;

/**
 * A control for the in-process A/B (benchmark harness only, never on a user's processor path):
 * fourteen checks shaped like overlapcheck's, a class matcher and a compilation-unit matcher each,
 * that do nothing. {@code bench/bench.sh jmh PluginOverhead -p b=NoOp01+NoOp02+...+NoOp14} measures
 * what Error Prone's calls to fourteen such checks cost, apart from any work in them. Registered
 * through {@code META-INF/services}, so that {@code -Xplugin:ErrorProne} finds them on the
 * benchmark's processor path; off unless enabled by name (side A disables every check).
 */
public final class NoOpMatchers {
  private NoOpMatchers() {}

  private static final String SUMMARY = "Does nothing (benchmark control only)";

  /** What each control check does: nothing, as cheaply as a check can. */
  abstract static class NoOp extends BugChecker
      implements ClassTreeMatcher, CompilationUnitTreeMatcher {
    private static final long serialVersionUID = 1L;

    @Override
    public final Description matchClass(ClassTree tree, VisitorState state) {
      return Description.NO_MATCH;
    }

    @Override
    public final Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
      return Description.NO_MATCH;
    }
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp01 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp02 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp03 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp04 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp05 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp06 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp07 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp08 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp09 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp10 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp11 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp12 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp13 extends NoOp {
    private static final long serialVersionUID = 1L;
  }

  @BugPattern(summary = SUMMARY, severity = WARNING)
  public static final class NoOp14 extends NoOp {
    private static final long serialVersionUID = 1L;
  }
}
