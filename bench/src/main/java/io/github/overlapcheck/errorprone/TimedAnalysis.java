package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark harness, not a check: for each method javac visits, runs the plugin's shared analysis
 * exactly as the overlapcheck checks do (the first check to reach a method lowers and analyses it
 * for all rules) and records how long that took. It lives in the plugin's package to call {@link
 * SharedAnalysis} directly, so that the plugin needs no timing hook of its own; it is in the bench
 * module only, never on a user's processor path.
 */
@BugPattern(
    summary = "Times overlapcheck's per-method analysis (benchmark harness only)",
    severity = WARNING)
public final class TimedAnalysis extends BugChecker implements MethodTreeMatcher {
  private static final long serialVersionUID = 1L;

  /** No rule has this name: the analysis runs, nothing is reported. */
  private static final String NO_RULE = "";

  /** One method's analysis time: wall, and CPU time of the compiling thread. */
  public record Timing(String method, long nanos, long cpuNanos) {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  // Error Prone creates the checker itself, so the harness reads the times from here. Only the
  // single-threaded benchmark harness uses this class.
  private static final List<Timing> TIMINGS = new ArrayList<>();

  private final transient OverlapcheckConfig config =
      OverlapcheckConfig.from(ErrorProneFlags.empty());

  /** The times recorded since the last call, in the order javac visited the methods. */
  public static synchronized List<Timing> drain() {
    List<Timing> out = List.copyOf(TIMINGS);
    TIMINGS.clear();
    return out;
  }

  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    if (tree.getBody() == null) {
      return Description.NO_MATCH;
    }
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    SharedAnalysis.report(this, NO_RULE, tree, state, config);
    long nanos = System.nanoTime() - start;
    cpu = THREADS.getCurrentThreadCpuTime() - cpu;
    ClassTree cls =
        com.google.errorprone.util.ASTHelpers.findEnclosingNode(state.getPath(), ClassTree.class);
    String name = (cls == null ? "" : cls.getSimpleName() + ".") + tree.getName();
    synchronized (TimedAnalysis.class) {
      TIMINGS.add(new Timing(name, nanos, cpu));
    }
    return Description.NO_MATCH;
  }
}
