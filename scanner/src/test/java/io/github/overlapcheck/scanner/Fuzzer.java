package io.github.overlapcheck.scanner;

import com.google.errorprone.ErrorProneJavaCompiler;
import com.google.errorprone.scanner.ScannerSupplier;
import io.github.overlapcheck.api.ApiModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * A seeded mutation fuzzer for both front ends. Input {@code i} of a run with seed {@code s} is
 * made from one seed file (a sample or a corpus case) by a {@link Mutator} seeded with {@code (s,
 * i)}, so any input can be made again from those two numbers. Each input goes to:
 *
 * <ul>
 *   <li>the scanner: {@link Scanner#scan} of that one file, as the command line runs it. It must
 *       return (a file that does not parse, or nests too deep, is a reported problem, which is
 *       fine), print no internal error and throw nothing;
 *   <li>for the syntax-preserving mutants, every {@code pluginEvery}-th also to javac, in-process,
 *       with Error Prone and every overlapcheck check. javac may reject the mutant (then no check
 *       runs); it must not crash, and Error Prone must not report an exception from a check.
 * </ul>
 *
 * <p>Both run with {@code overlapcheck.debug=true}: an internal error in the lowering or the
 * analysis, which a user's build swallows (losing that method's findings), fails the input. Each
 * input has a time limit; going over it is a hang. A failing input is shrunk (lines removed while
 * it still fails the same way) and both versions are written to the output directory.
 */
final class Fuzzer {
  /** A seed file: its path below its source root, and its text. */
  record SeedFile(String relativePath, String text) {}

  /** What to run. */
  record Settings(
      long seed,
      int maxScannerInputs,
      int maxPluginInputs,
      Duration timeBound,
      int pluginEvery,
      int maxMutations,
      int maxNesting,
      Duration perInputTimeout,
      Path outputDir) {}

  /** A failing input. */
  record Failure(
      String target, long index, String seedFile, List<String> mutations, String what, Path saved) {
    @Override
    public String toString() {
      return target
          + " input "
          + index
          + " ("
          + seedFile
          + " "
          + mutations
          + "): "
          + what
          + " [saved: "
          + saved
          + "]";
    }
  }

  /** What a run did. */
  static final class Stats {
    int scannerInputs;
    int scannerParsed;
    int scannerNotParsed;
    int scannerTooDeep;
    int javaParserExceptions;
    int pluginInputs;
    int pluginCompiled;
    int pluginRejected;
    final List<Failure> failures = new ArrayList<>();
    final Map<String, Integer> mutations = new HashMap<>();

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "scanner: %d inputs (%d parsed and analysed, %d did not parse, %d too deep, %d JavaParser"
              + " exceptions caught); plugin: %d inputs (%d compiled, so every check ran; %d"
              + " rejected by javac); failures: %d",
          scannerInputs,
          scannerParsed,
          scannerNotParsed,
          scannerTooDeep,
          javaParserExceptions,
          pluginInputs,
          pluginCompiled,
          pluginRejected,
          failures.size());
    }
  }

  /** A stack frame of ours in a diagnostic (not a type of ours in a compilation error). */
  private static final Pattern OUR_FRAME = Pattern.compile("\\bat io\\.github\\.overlapcheck\\.");

  private static final Pattern PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  private final List<SeedFile> seeds;
  private final Settings settings;
  private final Stats stats = new Stats();
  private final Map<String, Boolean> compilesAlone = new HashMap<>();
  private ExecutorService executor = newExecutor();

  Fuzzer(List<SeedFile> seeds, Settings settings) {
    this.seeds = List.copyOf(seeds);
    this.settings = settings;
  }

  /** The samples and the labelled corpus, in a fixed order. */
  static List<SeedFile> standardSeeds() {
    List<SeedFile> out = new ArrayList<>();
    for (Path root : List.of(Sources.SAMPLES, Sources.CORPUS)) {
      for (Path file : Sources.javaFiles(root)) {
        try {
          out.add(
              new SeedFile(
                  root.relativize(file).toString().replace('\\', '/'), Files.readString(file)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  private static ExecutorService newExecutor() {
    return Executors.newSingleThreadExecutor(
        r -> {
          // As big a stack as the scanner's worker: javac and the lowering recurse as deep as the
          // code nests, and the mutants nest deep.
          Thread t = new Thread(null, r, "fuzz-input", 512L << 20);
          t.setDaemon(true);
          return t;
        });
  }

  Stats run() {
    System.setProperty("overlapcheck.debug", "true");
    long deadline =
        settings.timeBound() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + settings.timeBound().toNanos();
    try {
      for (long i = 0; ; i++) {
        boolean scannerDone = stats.scannerInputs >= settings.maxScannerInputs();
        boolean pluginDone = stats.pluginInputs >= settings.maxPluginInputs();
        if ((scannerDone && pluginDone) || System.nanoTime() > deadline) {
          break;
        }
        if (stats.failures.size() >= 20) {
          break;
        }
        one(i, scannerDone, pluginDone);
      }
    } finally {
      executor.shutdownNow();
    }
    return stats;
  }

  /** Input {@code index}: made again from the seed and the index alone. */
  private void one(long index, boolean skipScanner, boolean skipPlugin) {
    Random random = new Random(settings.seed() * 0x9E3779B97F4A7C15L + index);
    SeedFile seed = seeds.get(random.nextInt(seeds.size()));
    Mutator mutator = new Mutator(random);
    boolean structural = random.nextInt(10) < 6;
    Mutator.Mutant mutant;
    if (structural) {
      Optional<Mutator.Mutant> m =
          mutator.structural(seed.text(), settings.maxMutations(), settings.maxNesting());
      if (m.isEmpty()) {
        return;
      }
      mutant = m.get();
    } else {
      mutant = mutator.textual(seed.text(), settings.maxMutations());
    }
    for (String m : mutant.mutations()) {
      String kind = m.replaceAll("[@ ].*", "").replaceAll("^nest-\\d+$", "nest-statement");
      stats.mutations.merge(structural ? kind : "text-" + kind, 1, Integer::sum);
    }
    if (!skipScanner) {
      stats.scannerInputs++;
      Optional<String> problem = scannerProblem(seed, mutant.text(), true);
      problem.ifPresent(
          p ->
              fail(
                  "scanner",
                  index,
                  seed,
                  mutant,
                  p,
                  t -> sameFailure(p, scannerProblem(seed, t, false))));
    }
    if (structural
        && !skipPlugin
        && index % settings.pluginEvery() == 0
        && compilesAlone.computeIfAbsent(seed.relativePath(), k -> compiles(seed, seed.text()))) {
      stats.pluginInputs++;
      Optional<String> problem = pluginProblem(seed, mutant.text(), true);
      problem.ifPresent(
          p ->
              fail(
                  "plugin",
                  index,
                  seed,
                  mutant,
                  p,
                  t -> sameFailure(p, pluginProblem(seed, t, false))));
    }
  }

  /**
   * Whether a shrunk input fails as the original did: the same kind of failure, the same exception
   * and the same frame of ours at the top (the text up to the first line of our code).
   */
  private static boolean sameFailure(String original, Optional<String> now) {
    return now.isPresent() && signature(now.get()).equals(signature(original));
  }

  static String signature(String problem) {
    String first = problem.lines().findFirst().orElse("").replaceAll("\\d+", "#");
    String ours =
        problem
            .lines()
            .filter(l -> l.strip().startsWith("at io.github.overlapcheck."))
            .findFirst()
            .orElse("")
            .strip();
    return first.replaceAll(":.*", "") + " | " + ours.replaceAll(":\\d+\\)", ")");
  }

  /** Runs {@code task} with the per-input time limit; a timeout is a hang. */
  private <T> Result<T> limited(java.util.concurrent.Callable<T> task) {
    Future<T> f = executor.submit(task);
    try {
      return new Result<>(
          f.get(settings.perInputTimeout().toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (TimeoutException e) {
      f.cancel(true);
      // The stuck thread cannot be stopped; later inputs get a fresh one.
      executor.shutdownNow();
      executor = newExecutor();
      return new Result<>(null, "hang: no result after " + settings.perInputTimeout());
    } catch (ExecutionException e) {
      return new Result<>(null, "threw " + trace(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private record Result<T>(T value, String problem) {}

  private Path inputFile(SeedFile seed, String text, String dirName) throws IOException {
    Path dir = settings.outputDir().resolve("work").resolve(dirName);
    Matcher m = PACKAGE.matcher(seed.text());
    Path pkg = m.find() ? dir.resolve(m.group(1).replace('.', '/')) : dir;
    Files.createDirectories(pkg);
    String name = seed.relativePath().substring(seed.relativePath().lastIndexOf('/') + 1);
    Path file = pkg.resolve(name);
    // getBytes, not writeString: a cut through a surrogate pair becomes '?' instead of an error.
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** What is wrong with how the scanner handled this text, if anything. */
  private Optional<String> scannerProblem(SeedFile seed, String text, boolean count) {
    Result<String> r =
        limited(
            () -> {
              Path file = inputFile(seed, text, "scanner");
              ByteArrayOutputStream err = new ByteArrayOutputStream();
              Scanner scanner =
                  new Scanner(
                      new SourceWalker(SourceWalker.FILE_SYSTEM),
                      new PrintStream(err, true, StandardCharsets.UTF_8),
                      false,
                      ApiModel.standard());
              Scanner.Result result =
                  scanner.scan(
                      new Scanner.Options(
                          List.of(file),
                          List.of(),
                          false,
                          Scanner.DEFAULT_MAX_FILE_SIZE,
                          Scanner.DEFAULT_MAX_DEPTH));
              String log = err.toString(StandardCharsets.UTF_8);
              if (log.contains("internal error")) {
                return "internal error: " + log.strip();
              }
              if (count) {
                if (result.problems().isEmpty()) {
                  stats.scannerParsed++;
                }
                for (Problem p : result.problems()) {
                  if (p.kind() == Problem.Kind.TOO_DEEP) {
                    stats.scannerTooDeep++;
                  } else if (p.display().contains("JavaParser failed")) {
                    stats.javaParserExceptions++;
                  } else {
                    stats.scannerNotParsed++;
                  }
                }
              }
              for (Problem p : result.problems()) {
                if (p.kind() != Problem.Kind.PARSE_ERROR && p.kind() != Problem.Kind.TOO_DEEP) {
                  return "unexpected problem: " + p.display();
                }
              }
              return null;
            });
    return Optional.ofNullable(r.problem() != null ? r.problem() : r.value());
  }

  private boolean compiles(SeedFile seed, String text) {
    Result<Outcome> r = limited(() -> compile(seed, text));
    return r.value() != null && r.value().compiled();
  }

  /** What is wrong with how javac with the plugin handled this text, if anything. */
  private Optional<String> pluginProblem(SeedFile seed, String text, boolean count) {
    Result<Outcome> r = limited(() -> compile(seed, text));
    if (r.problem() != null) {
      return Optional.of(r.problem());
    }
    Outcome o = r.value();
    if (o.crash().isPresent()) {
      return o.crash();
    }
    if (count) {
      if (o.compiled()) {
        stats.pluginCompiled++;
      } else {
        stats.pluginRejected++;
      }
    }
    return Optional.empty();
  }

  private record Outcome(boolean compiled, Optional<String> crash) {}

  private static final List<Class<? extends com.google.errorprone.bugpatterns.BugChecker>> CHECKS =
      Sources.checks();

  private Outcome compile(SeedFile seed, String text) throws IOException {
    Path file = inputFile(seed, text, "plugin");
    Path classes = settings.outputDir().resolve("work/plugin-classes");
    Files.createDirectories(classes);
    JavaCompiler compiler =
        new ErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(CHECKS));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    try (StandardJavaFileManager fm =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-d",
              classes.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "-XDcompilePolicy=simple",
              "--should-stop=ifError=FLOW",
              "-proc:none",
              "-Xmaxwarns",
              "100000",
              "-Xmaxerrs",
              "100000");
      Boolean ok;
      try {
        ok =
            compiler
                .getTask(
                    new PrintWriter(out),
                    fm,
                    diagnostics,
                    options,
                    null,
                    fm.getJavaFileObjects(file))
                .call();
      } catch (RuntimeException | Error e) {
        return new Outcome(false, Optional.of("javac threw " + trace(e)));
      }
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        String message = d.getMessage(Locale.ROOT);
        if (message.contains("An unhandled exception was thrown")
            || message.contains("An exception has occurred")
            || OUR_FRAME.matcher(message).find()) {
          return new Outcome(false, Optional.of("Error Prone reported " + firstLines(message)));
        }
      }
      if (out.toString().contains("An exception has occurred")) {
        return new Outcome(false, Optional.of("javac crashed: " + firstLines(out.toString())));
      }
      return new Outcome(Boolean.TRUE.equals(ok), Optional.empty());
    }
  }

  private static String firstLines(String text) {
    String[] lines = text.split("\n");
    return String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, 25)));
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return firstLines(w.toString());
  }

  /** Records a failure, with the input and a version shrunk while it fails the same way. */
  private void fail(
      String target,
      long index,
      SeedFile seed,
      Mutator.Mutant mutant,
      String what,
      Predicate<String> stillFails) {
    Path dir = settings.outputDir().resolve("failures");
    String base = target + "-" + settings.seed() + "-" + index;
    Path saved = dir.resolve(base + ".java.txt");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          saved,
          "// seed file: "
              + seed.relativePath()
              + "\n// mutations: "
              + mutant.mutations()
              + "\n// "
              + what.replace("\n", "\n// ")
              + "\n"
              + mutant.text());
      if (!what.startsWith("hang")) {
        String small = shrink(mutant.text(), stillFails);
        Files.writeString(dir.resolve(base + ".min.java.txt"), small);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stats.failures.add(
        new Failure(target, index, seed.relativePath(), mutant.mutations(), what, saved));
  }

  /** Removes chunks of lines, largest first, while the input still fails (a simple ddmin). */
  private static String shrink(String text, Predicate<String> stillFails) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int budget = 400;
    for (int chunk = Math.max(1, lines.size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
      for (int start = 0; start < lines.size() && budget > 0; ) {
        List<String> candidate = new ArrayList<>(lines.subList(0, start));
        candidate.addAll(lines.subList(Math.min(lines.size(), start + chunk), lines.size()));
        budget--;
        if (!candidate.isEmpty() && stillFails.test(String.join("\n", candidate))) {
          lines = candidate;
        } else {
          start += chunk;
        }
      }
    }
    return String.join("\n", lines);
  }

  Stats stats() {
    return stats;
  }
}
