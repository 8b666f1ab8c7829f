package io.github.overlapcheck.bench;

import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.scanner.Scanner;
import io.github.overlapcheck.scanner.SourceWalker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * The scanner, warm, in-process: one whole scan of the corpus per invocation (walk, read, parse,
 * index, analyse, no classpath), as {@code overlapcheck scan DIR} does it. JMH's score is seconds
 * per scan; lines per second (wall, and per CPU second of the process, which a loaded machine
 * distorts less) over the measured scans, with 95% intervals, are printed and written to {@code
 * bench/target/results/scanner-throughput.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xss8m"})
public class ScannerThroughput {
  @Param({"jna", "guava"})
  public String corpus;

  private Corpus code;
  private long lines;
  private boolean measuring;
  private final List<Double> seconds = new ArrayList<>();
  private final List<Double> cpuSeconds = new ArrayList<>();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
  private final List<String> loads = new ArrayList<>();
  private final PrintStream quiet =
      new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
  private int findings;

  @Setup(Level.Trial)
  public void setUp() {
    code = Corpus.named(corpus);
    lines = code.lines();
  }

  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
  }

  @Benchmark
  public int scan() {
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Scanner.Result r =
        new Scanner(new SourceWalker(SourceWalker.FILE_SYSTEM), quiet, false, ApiModel.standard())
            .scan(
                new Scanner.Options(
                    List.of(code.root()),
                    List.of(),
                    false,
                    Scanner.DEFAULT_MAX_FILE_SIZE,
                    Scanner.DEFAULT_MAX_DEPTH));
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    if (r.filesScanned() != code.files().size() || !r.problems().isEmpty()) {
      throw new IllegalStateException(
          "scanned " + r.filesScanned() + " of " + code.files().size() + ": " + r.problems());
    }
    findings = r.findings().size();
    if (measuring) {
      seconds.add((t1 - t0) / 1e9);
      cpuSeconds.add((cpu1 - cpu0) / 1e9);
      loads.add(Load.now());
    }
    return findings;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (seconds.isEmpty()) {
      return;
    }
    double[] linesPerSecond = new double[seconds.size()];
    double[] linesPerCpuSecond = new double[seconds.size()];
    double[] s = new double[seconds.size()];
    double[] cpu = new double[seconds.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = seconds.get(i);
      cpu[i] = cpuSeconds.get(i);
      linesPerSecond[i] = lines / s[i];
      linesPerCpuSecond[i] = lines / cpu[i];
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "scanner, warm, in-process: %s (%d files, %d lines), JDK %s, %d CPUs%n",
            corpus,
            code.files().size(),
            lines,
            System.getProperty("java.version"),
            Load.cpus()));
    out.append("seconds per scan: ").append(Stats.meanCi(s, "s")).append('\n');
    out.append("CPU seconds per scan (process): ").append(Stats.meanCi(cpu, "s")).append('\n');
    out.append("lines per second (wall): ").append(Stats.meanCi(linesPerSecond, "")).append('\n');
    out.append("lines per CPU second: ").append(Stats.meanCi(linesPerCpuSecond, "")).append('\n');
    out.append("findings: ").append(findings).append('\n');
    out.append("loads: ").append(loads.get(0)).append(" ... ").append(loads.get(loads.size() - 1));
    Results.report("scanner-throughput.md", out.toString());
  }
}
