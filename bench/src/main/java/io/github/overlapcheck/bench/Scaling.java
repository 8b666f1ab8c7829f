package io.github.overlapcheck.bench;

import com.github.javaparser.ast.CompilationUnit;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.errorprone.TimedAnalysis;
import io.github.overlapcheck.scanner.javaparser.FrontEnd;
import io.github.overlapcheck.scanner.javaparser.JavaFrontEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the analysis of one method grows with the method: generated methods of 1k to 64k statements,
 * and methods nested up to 1,000 deep, each alone in its class. Each is analysed by the plugin
 * (javac + Error Prone, {@link TimedAnalysis}) and by the scanner's front end (the analysis of the
 * parsed file, parsing not included), several times in one JVM; the reported time is the fastest of
 * the warm repetitions (the first one is reported apart, as the cold time). The plugin's time of
 * the class's first method (its constructor) is reported apart too: it includes lowering the class
 * and its class facts ({@code Analysis.classFacts}), a fixpoint over every method of the class, the
 * generated one included.
 *
 * <p>Arguments: the number of repetitions (default 4) and, optionally, the largest long method to
 * run, in statements (default: all of them, up to 64,000).
 */
public final class Scaling {
  private Scaling() {}

  private static final String PACKAGE = "synthetic.scaling";
  private static final int[] STATEMENTS = {1_000, 4_000, 16_000, 64_000};
  private static final int[] DEPTHS = {10, 100, 250, 500, 1_000};

  /** A case whose analysis takes longer than this is not repeated, and larger ones not run. */
  private static final double BUDGET_MS = 60_000;

  /** Statements in one unit of {@link #longMethod}. */
  private static final int UNIT = 8;

  public static void main(String[] args) throws Exception {
    int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int maxStatements = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    Path dir = Corpus.corporaDir().resolve("scaling/" + PACKAGE.replace('.', '/'));
    Files.createDirectories(dir);
    List<Case> longCases = new ArrayList<>();
    for (int n : STATEMENTS) {
      if (n > maxStatements) {
        continue;
      }
      String name = String.format(Locale.ROOT, "Long%05d", n);
      longCases.add(
          new Case(name, "statements", n, n + 8, write(dir, name, longMethod(name, n / UNIT))));
    }
    List<Case> cases = new ArrayList<>(longCases.subList(0, Math.min(2, longCases.size())));
    for (int d : DEPTHS) {
      String name = String.format(Locale.ROOT, "Deep%04d", d);
      // Per level a statement and the nested one, and a try level's finally has one more.
      int statements = 2 * d + (d + 1) / 3 + 8;
      cases.add(new Case(name, "depth", d, statements, write(dir, name, deepMethod(name, d))));
    }
    cases.addAll(longCases.subList(Math.min(2, longCases.size()), longCases.size()));
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "scaling: one generated method per class, JDK %s, %d CPUs, %s at start%n",
            System.getProperty("java.version"),
            Load.cpus(),
            Load.now()));
    s.append(
        "| method | size | plugin: cold ms CPU | plugin: warm ms CPU | plugin: µs per statement |"
            + " plugin, warm: class facts ms CPU | scanner: cold ms CPU | scanner: warm ms CPU |"
            + " load |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    String skipped = "";
    for (Case c : cases) {
      if (!skipped.isEmpty() && c.kind().equals("statements")) {
        String row = "| " + c.name() + " | not run: " + skipped + " |";
        System.out.println(row);
        s.append(row).append('\n');
        continue;
      }
      double[] plugin = new double[repetitions];
      double[] classFacts = new double[repetitions];
      double[] scanner = new double[repetitions];
      int done = 0;
      for (int r = 0; r < repetitions; r++) {
        int rep = r;
        plugin[r] = onBigStack(() -> pluginMillis(c, classFacts, rep));
        scanner[r] = onBigStack(() -> scannerMillis(c));
        done++;
        // A case that takes minutes is measured once (cold only), and larger ones are skipped.
        if (Math.max(plugin[r], scanner[r]) > BUDGET_MS) {
          skipped = c.name() + " took " + Math.round(Math.max(plugin[r], scanner[r]) / 1000) + " s";
          break;
        }
      }
      plugin = java.util.Arrays.copyOf(plugin, done);
      double classFactsWarm = minFrom1(java.util.Arrays.copyOf(classFacts, done));
      scanner = java.util.Arrays.copyOf(scanner, done);
      double pluginWarm = minFrom1(plugin);
      double scannerWarm = minFrom1(scanner);
      String row =
          String.format(
              Locale.ROOT,
              "| %s | %s %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.1f | %s |",
              c.name(),
              c.kind(),
              c.size(),
              plugin[0],
              pluginWarm,
              pluginWarm * 1000 / c.statements(),
              classFactsWarm,
              scanner[0],
              scannerWarm,
              Load.now());
      System.out.println(row);
      s.append(row).append('\n');
    }
    Results.report("scaling.md", s.toString());
  }

  private record Case(String name, String kind, int size, int statements, Path file) {}

  private static double minFrom1(double[] xs) {
    double m = Double.MAX_VALUE;
    for (int i = xs.length > 1 ? 1 : 0; i < xs.length; i++) {
      m = Math.min(m, xs[i]);
    }
    return m;
  }

  /**
   * The plugin's analysis time (CPU of the compiling thread) of the case's one method, in ms; that
   * of the constructor, the first method, which also lowers the class and computes its class facts,
   * goes to {@code classFacts[rep]}.
   */
  private static double pluginMillis(Case c, double[] classFacts, int rep) {
    List<TimedAnalysis.Timing> times = MethodTimes.timeMethods(List.of(c.file()), Corpus.jnaJars());
    classFacts[rep] =
        times.stream()
                .filter(t -> t.method().endsWith(".<init>"))
                .mapToLong(TimedAnalysis.Timing::cpuNanos)
                .sum()
            / 1e6;
    return times.stream()
            .filter(t -> t.method().endsWith(".run"))
            .mapToLong(TimedAnalysis.Timing::cpuNanos)
            .sum()
        / 1e6;
  }

  /**
   * The scanner's analysis time (CPU of the analysing thread) of the case's file (its one method
   * and the constructor), in ms.
   */
  private static double scannerMillis(Case c) {
    try (JavaFrontEnd frontEnd = new JavaFrontEnd(ApiModel.standard())) {
      JavaFrontEnd.Parsed parsed = frontEnd.parse(Files.readString(c.file()));
      CompilationUnit cu =
          parsed
              .unit()
              .orElseThrow(() -> new IllegalStateException(c.name() + ": " + parsed.problem()));
      frontEnd.index(cu);
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long start = threads.getCurrentThreadCpuTime();
      List<FrontEnd.Located> found = frontEnd.analyze(cu, c.file().getFileName().toString());
      long nanos = threads.getCurrentThreadCpuTime() - start;
      if (found.isEmpty()) {
        throw new IllegalStateException(c.name() + ": no findings: the analysis did not run");
      }
      return nanos / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code task} on a thread with a 1 GiB stack: javac and both front ends recurse. */
  private static double onBigStack(java.util.function.DoubleSupplier task)
      throws InterruptedException {
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(task.getAsDouble());
              } catch (RuntimeException | Error e) {
                result.set(e);
              }
            },
            "scaling",
            1L << 30);
    t.start();
    t.join();
    if (result.get() instanceof Throwable e) {
      throw new IllegalStateException(e);
    }
    return (Double) result.get();
  }

  private static Path write(Path dir, String name, String source) throws IOException {
    Path file = dir.resolve(name + ".java");
    Files.writeString(file, source);
    return file;
  }

  /**
   * A method of {@code units} units of {@value #UNIT} statements each: set the offset, issue a
   * read, handle the error, wait for the result, advance the offset. The units reuse the same
   * buffer and OVERLAPPED, as a long straight-line method does. The OVERLAPPED has no event, so
   * each unit's wait is on the handle: a finding per unit.
   */
  static String longMethod(String name, int units) {
    StringBuilder s = new StringBuilder(Synthetic.head(PACKAGE, name));
    s.append("  public long run(int length) {\n");
    s.append("    Memory buffer = new Memory(length);\n");
    s.append("    Memory ov = new Memory(OV);\n");
    s.append("    IntByReference got = new IntByReference();\n");
    s.append("    int error;\n");
    for (int u = 0; u < units; u++) {
      s.append("    ov.setLong(8, offset);\n");
      s.append("    k.ResetEvent(event);\n");
      s.append("    if (!Io.INSTANCE.ReadFile(file, buffer, length, null, ov)) {\n");
      s.append("      error = k.GetLastError();\n");
      s.append("      if (error != WinError.ERROR_IO_PENDING) {\n");
      s.append("        throw new IllegalStateException(\"read failed: \" + error);\n");
      s.append("      }\n");
      s.append("    }\n");
      s.append("    Io.INSTANCE.GetOverlappedResult(file, ov, got, true);\n");
      s.append("    offset += got.getValue();\n");
    }
    s.append("    Io.INSTANCE.ReadFile(file, buffer, length, null, ov);\n");
    s.append("    Io.INSTANCE.ReadFile(file, buffer, length, null, ov);\n");
    s.append("    k.WaitForSingleObject(file, WinBase.INFINITE);\n");
    s.append("    return offset;\n");
    s.append("  }\n}\n");
    return s.toString();
  }

  /**
   * A method nested {@code depth} deep: each level is, in turn, an if on a read's result, a loop,
   * or a try/finally, with a statement before the next level. The innermost level frees a buffer on
   * the read's TRUE path of a port-bound handle (a finding).
   */
  static String deepMethod(String name, int depth) {
    StringBuilder s = new StringBuilder(Synthetic.head(PACKAGE, name));
    s.append("  public long run(int length, int rounds) {\n");
    s.append("    Memory buffer = new Memory(length);\n");
    s.append("    Memory ov = new Memory(OV);\n");
    s.append("    int n = rounds;\n");
    StringBuilder close = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      String indent = "    ";
      switch (d % 3) {
        case 0 -> {
          s.append(indent).append("ov.setLong(8, offset + ").append(d).append(");\n");
          s.append(indent).append("if (Io.INSTANCE.ReadFile(file, buffer, length, null, ov)) {\n");
          close.insert(0, indent + "}\n");
        }
        case 1 -> {
          s.append(indent).append("offset += ").append(d).append(";\n");
          s.append(indent).append("while (n-- > 0) {\n");
          close.insert(0, indent + "}\n");
        }
        default -> {
          s.append(indent).append("n += ").append(d).append(";\n");
          s.append(indent).append("try {\n");
          close.insert(0, indent + "} finally {\n" + indent + "  offset++;\n" + indent + "}\n");
        }
      }
    }
    s.append("    Pointer request = k.LocalAlloc(WinBase.LMEM_ZEROINIT, OV + length);\n");
    s.append("    if (Io.INSTANCE.ReadFile(pipe, request.share(OV), length, null, request)) {\n");
    s.append("      k.LocalFree(request);\n");
    s.append("    }\n");
    s.append(close);
    s.append("    return offset;\n");
    s.append("  }\n}\n");
    return s.toString();
  }
}
