package io.github.overlapcheck.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The plugin's cost in a warm compiler: one JVM compiles the same code base again and again with
 * two Error Prone configurations, A (every check off) and B (A plus every overlapcheck rule), in
 * alternating order (A B, B A, A B, ...), so that drift in the machine's load falls on both sides
 * alike. Wall time, CPU time of the process (with the JIT compiler's and the collector's threads)
 * and CPU time of the thread that runs javac are recorded. Each JMH invocation is one such pair;
 * JMH's score is the time of a pair, and the result that matters, B/A over the measured pairs with
 * its 95% interval, is printed and written to {@code bench/target/results/plugin-overhead.md} at
 * the end of the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xms3g",
      "-Xmx3g",
      "-Xss8m",
      "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.main=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.model=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.processing=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED"
    })
public class PluginOverhead {
  @Param({"jna", "guava", "synthetic"})
  public String corpus;

  /**
   * Side B: "overlapcheck" (every overlapcheck rule), or, as a control, a list of other Error Prone
   * checks to enable instead, joined by "+".
   */
  @Param({"overlapcheck"})
  public String b;

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private InProcessJavac baseline;
  private InProcessJavac withChecks;
  private Corpus code;
  private boolean measuring;
  private int pairsRun;
  private final List<double[]> wall = new ArrayList<>();
  private final List<double[]> cpu = new ArrayList<>();
  private final List<double[]> threadCpu = new ArrayList<>();
  private final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<String> loads = new ArrayList<>();
  private int findings;
  private final List<Double> inChecks = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    code = Corpus.named(corpus);
    baseline = new InProcessJavac(code, Sides.BASELINE, List.of());
    withChecks =
        new InProcessJavac(
            code,
            b.equals("overlapcheck") ? Sides.withOverlapcheck() : Sides.withChecks(b),
            List.of());
  }

  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
  }

  /** One pair: A then B, or B then A, alternately. */
  @Benchmark
  public int pair() {
    boolean baselineFirst = pairsRun++ % 2 == 0;
    double[] first = timed(baselineFirst ? baseline : withChecks);
    double[] second = timed(baselineFirst ? withChecks : baseline);
    double[] a = baselineFirst ? first : second;
    double[] b = baselineFirst ? second : first;
    findings = withChecks.findings();
    if (measuring) {
      wall.add(new double[] {a[0], b[0]});
      cpu.add(new double[] {a[1], b[1]});
      threadCpu.add(new double[] {a[2], b[2]});
      inChecks.add(withChecks.timeIn(checksOfB()).toNanos() / 1e9);
      loads.add(Load.now());
    }
    return findings;
  }

  /** Compiles once, after a GC so that one side's garbage is not collected in the other's time. */
  private double[] timed(InProcessJavac javac) {
    System.gc();
    long thread0 = threads.getCurrentThreadCpuTime();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    boolean ok = javac.compile();
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    long thread1 = threads.getCurrentThreadCpuTime();
    if (!ok) {
      throw new IllegalStateException(
          corpus + " does not compile: " + javac.errors() + " errors (see docs/benchmarks.md)");
    }
    return new double[] {(t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, (thread1 - thread0) / 1e9};
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (wall.isEmpty()) {
      return;
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "plugin overhead, warm, in-process: %s (%d files, %d lines), JDK %s, %d CPUs%n",
            corpus,
            code.files().size(),
            code.lines(),
            System.getProperty("java.version"),
            Load.cpus()));
    s.append(
        String.format(
            Locale.ROOT,
            "A (Error Prone, all checks off): wall %s, CPU %s%n",
            Stats.meanCi(column(wall, 0), "s"),
            Stats.meanCi(column(cpu, 0), "s")));
    s.append(
        String.format(
            Locale.ROOT,
            "B (A + %s): wall %s, CPU %s%n",
            b.equals("overlapcheck") ? "every overlapcheck rule" : "control: " + b,
            Stats.meanCi(column(wall, 1), "s"),
            Stats.meanCi(column(cpu, 1), "s")));
    s.append("B/A wall: ").append(Stats.pairedRatio(wall)).append('\n');
    s.append("B/A CPU:  ").append(Stats.pairedRatio(cpu)).append('\n');
    s.append("B/A CPU of the compiling thread: ").append(Stats.pairedRatio(threadCpu)).append('\n');
    double[] inside = inChecks.stream().mapToDouble(Double::doubleValue).toArray();
    s.append(
        String.format(
            Locale.ROOT,
            "time inside B's checks (Error Prone's per-check timers): %s, %.2f%% of B's wall%n",
            Stats.meanCi(inside, "s"),
            100 * Stats.mean(inside) / Stats.mean(column(wall, 1))));
    s.append("overlapcheck findings in B: ").append(findings).append('\n');
    s.append("pairs (A wall, B wall, A CPU, B CPU, A thread CPU, B thread CPU, load):\n");
    for (int i = 0; i < wall.size(); i++) {
      s.append(
          String.format(
              Locale.ROOT,
              "  %.3f %.3f %.3f %.3f %.3f %.3f  %s%n",
              wall.get(i)[0],
              wall.get(i)[1],
              cpu.get(i)[0],
              cpu.get(i)[1],
              threadCpu.get(i)[0],
              threadCpu.get(i)[1],
              loads.get(i)));
    }
    Results.report("plugin-overhead.md", s.toString());
    RunLog.append(
        corpus,
        b,
        Stats.logRatios(threadCpu),
        Stats.logRatios(cpu),
        Stats.logRatios(wall),
        Stats.mean(inside),
        Load.now().trim());
  }

  /** The checks side B enables (Error Prone's names). */
  private List<String> checksOfB() {
    if (!b.equals("overlapcheck")) {
      return List.of(b.split("\\+", -1));
    }
    List<String> names = new ArrayList<>();
    for (io.github.overlapcheck.analysis.Rule r : io.github.overlapcheck.rules.Rules.ALL) {
      names.add(r.name());
    }
    return names;
  }

  private static double[] column(List<double[]> rows, int c) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[c];
    }
    return out;
  }
}
