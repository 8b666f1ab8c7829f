package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ClassTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark harness, not a check: for each class javac visits, runs the plugin's shared analysis
 * of its methods exactly as the overlapcheck checks do ({@link SharedAnalysis#analyzeMethods}: the
 * first check to reach a class analyses its methods for all rules) and records how long each method
 * took, from the end of the one before. The first method of a class so also carries the class's
 * cheap filter and, if a method passes it, the class's model and facts, as it would in the plugin.
 * It lives in the plugin's package to call {@link SharedAnalysis} directly, so that the plugin
 * needs no timing hook of its own; it is in the bench module only, never on a user's processor
 * path.
 */
@BugPattern(
    summary = "Times overlapcheck's per-method analysis (benchmark harness only)",
    severity = WARNING)
public final class TimedAnalysis extends BugChecker implements ClassTreeMatcher {
  private static final long serialVersionUID = 1L;

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
  public Description matchClass(ClassTree tree, VisitorState state) {
    long[] cpu = {THREADS.getCurrentThreadCpuTime()};
    long[] start = {System.nanoTime()};
    List<Timing> times = new ArrayList<>();
    SharedAnalysis.analyzeMethods(
        tree,
        state,
        config,
        (method, findings) -> {
          long nowCpu = THREADS.getCurrentThreadCpuTime();
          long now = System.nanoTime();
          times.add(
              new Timing(
                  tree.getSimpleName() + "." + method.getName(), now - start[0], nowCpu - cpu[0]));
          cpu[0] = nowCpu;
          start[0] = now;
        });
    synchronized (TimedAnalysis.class) {
      TIMINGS.addAll(times);
    }
    return Description.NO_MATCH;
  }
}
