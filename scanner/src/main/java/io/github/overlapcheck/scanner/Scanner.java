package io.github.overlapcheck.scanner;

import com.github.javaparser.ast.CompilationUnit;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.scanner.javaparser.FrontEnd;
import io.github.overlapcheck.scanner.javaparser.JavaFrontEnd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scan of source trees: finds the files, reads and parses each (on a thread with a large stack),
 * indexes what they declare, then analyses the files that mention a modelled call. Bad inputs are
 * reported through the problem sink, once each, and skipped; they never stop the scan.
 */
public final class Scanner {
  /** What to scan and how. */
  public record Options(
      List<Path> paths,
      List<Path> classpath,
      boolean useClasspath,
      long maxFileSize,
      int maxDepth) {
    public Options {
      paths = List.copyOf(paths);
      classpath = List.copyOf(classpath);
    }
  }

  /** What a scan found: findings in file and position order, and the inputs it had to skip. */
  public record Result(List<ScanFinding> findings, List<Problem> problems, int filesScanned) {
    public Result {
      findings = List.copyOf(findings);
      problems = List.copyOf(problems);
    }
  }

  /** The default limit on a file's size: 10 MiB (JNA's 40,000-line WinError.java is 2 MiB). */
  public static final long DEFAULT_MAX_FILE_SIZE = 10L << 20;

  /** The default limit on how deep a file's syntax tree nests. */
  public static final int DEFAULT_MAX_DEPTH = 1_000;

  private final SourceWalker walker;
  private final PrintStream err;
  private final boolean progress;
  private final ApiModel api;

  public Scanner(SourceWalker walker, PrintStream err, boolean progress, ApiModel api) {
    this.walker = walker;
    this.err = err;
    this.progress = progress;
    this.api = api;
  }

  public Result scan(Options options) {
    Set<Problem> problems = new LinkedHashSet<>();
    Consumer<Problem> report =
        p -> {
          if (problems.add(p)) {
            err.println("overlapcheck: " + p.display());
          }
        };
    List<SourceWalker.Source> sources = walker.walk(options.paths(), report);
    List<ScanFinding> findings = new ArrayList<>();
    int scanned = 0;
    try (Worker worker = new Worker();
        JavaFrontEnd frontEnd = new JavaFrontEnd(api)) {
      Progress bar = new Progress(err, progress, sources.size());
      record Kept(SourceWalker.Source source, CompilationUnit unit) {}
      List<Kept> kept = new ArrayList<>();
      Set<Path> roots = new LinkedHashSet<>();
      for (int i = 0; i < sources.size(); i++) {
        bar.update("parsing", i);
        SourceWalker.Source s = sources.get(i);
        Optional<String> text = read(s.file(), options.maxFileSize(), report);
        if (text.isEmpty()) {
          continue;
        }
        Optional<CompilationUnit> unit =
            worker.run(() -> parse(frontEnd, s.file(), text.get(), options.maxDepth(), report));
        if (unit.isEmpty()) {
          continue;
        }
        scanned++;
        try {
          frontEnd.index(unit.get());
        } catch (RuntimeException e) {
          if (Boolean.getBoolean(FrontEnd.DEBUG_PROPERTY)) {
            throw e;
          }
          err.println(
              "overlapcheck: warning: "
                  + s.file()
                  + ": internal error while indexing ("
                  + SourceWalker.describe(e)
                  + ")");
        }
        packageRoot(s.file(), JavaFrontEnd.packageName(unit.get())).ifPresent(roots::add);
        if (JavaFrontEnd.mentionsCandidate(text.get())) {
          kept.add(new Kept(s, unit.get()));
        }
      }
      if (options.useClasspath()) {
        frontEnd.useClasspath(
            options.classpath(),
            List.copyOf(roots),
            m -> err.println("overlapcheck: warning: " + m));
      }
      for (int i = 0; i < kept.size(); i++) {
        bar.update("analysing", i);
        Kept k = kept.get(i);
        String fileName = k.source().file().getFileName().toString();
        List<FrontEnd.Located> found;
        try {
          found = worker.run(() -> frontEnd.analyze(k.unit(), fileName));
        } catch (StackOverflowError e) {
          report.accept(
              new Problem(
                  k.source().file(),
                  "nested too deeply to analyse; skipped (lower --max-depth)",
                  Problem.Kind.TOO_DEEP));
          continue;
        } catch (RuntimeException e) {
          // A bug of the scanner's, not a bad input: the file's findings are lost, the scan
          // goes on (as the plugin drops a method it cannot analyse).
          if (Boolean.getBoolean(FrontEnd.DEBUG_PROPERTY)) {
            throw e;
          }
          err.println(
              "overlapcheck: warning: "
                  + k.source().file()
                  + ": internal error while analysing ("
                  + SourceWalker.describe(e)
                  + "); its findings are missing");
          continue;
        }
        for (FrontEnd.Located f : found) {
          findings.add(
              new ScanFinding(
                  f.rule(),
                  k.source().root(),
                  k.source().file(),
                  f.line(),
                  f.column(),
                  f.message(),
                  f.fingerprint()));
        }
      }
      bar.finish();
    }
    findings.sort(
        Comparator.comparing((ScanFinding f) -> f.file().toString())
            .thenComparingInt(ScanFinding::line)
            .thenComparingInt(ScanFinding::column)
            .thenComparing(ScanFinding::rule));
    return new Result(findings, new ArrayList<>(problems), scanned);
  }

  /** A file's text, if it is not too large and is UTF-8. */
  private static Optional<String> read(Path file, long maxSize, Consumer<Problem> report) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > maxSize) {
        report.accept(
            new Problem(
                file,
                "larger than the size limit ("
                    + size
                    + " bytes, limit "
                    + maxSize
                    + "; see --max-file-size); skipped",
                Problem.Kind.TOO_LARGE));
        return Optional.empty();
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      report.accept(
          new Problem(file, "cannot read: " + SourceWalker.describe(e), Problem.Kind.UNREADABLE));
      return Optional.empty();
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      report.accept(
          new Problem(
              file,
              "not valid UTF-8 (at byte offset " + in.position() + "); skipped",
              Problem.Kind.NOT_UTF8));
      return Optional.empty();
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /** Parses and checks nesting; runs on the worker thread. */
  private static Optional<CompilationUnit> parse(
      JavaFrontEnd frontEnd, Path file, String text, int maxDepth, Consumer<Problem> report) {
    JavaFrontEnd.Parsed parsed;
    try {
      parsed = frontEnd.parse(text);
    } catch (StackOverflowError e) {
      report.accept(
          new Problem(file, "nested too deeply to parse; skipped", Problem.Kind.TOO_DEEP));
      return Optional.empty();
    } catch (RuntimeException e) {
      report.accept(
          new Problem(
              file,
              "cannot parse: JavaParser failed (" + SourceWalker.describe(e) + "); skipped",
              Problem.Kind.PARSE_ERROR));
      return Optional.empty();
    }
    if (parsed.unit().isEmpty()) {
      String problem = parsed.problem().orElse("cannot parse");
      int colon = problem.indexOf(": ");
      boolean positioned = colon > 0 && problem.substring(0, colon).matches("\\d+:\\d+");
      report.accept(
          new Problem(
              file,
              positioned ? problem.substring(0, colon) : "",
              "cannot parse: "
                  + (positioned ? problem.substring(colon + 2) : problem)
                  + "; skipped",
              Problem.Kind.PARSE_ERROR));
      return Optional.empty();
    }
    int depth = JavaFrontEnd.depth(parsed.unit().get());
    if (depth > maxDepth) {
      report.accept(
          new Problem(
              file,
              "nested "
                  + depth
                  + " deep, more than the limit of "
                  + maxDepth
                  + " (see --max-depth); skipped",
              Problem.Kind.TOO_DEEP));
      return Optional.empty();
    }
    return parsed.unit();
  }

  /** The directory a file's package starts in, when the file's path ends with its package. */
  static Optional<Path> packageRoot(Path file, String packageName) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    if (dir == null) {
      return Optional.empty();
    }
    if (packageName.isEmpty()) {
      return Optional.of(dir);
    }
    List<String> parts = List.of(packageName.split("\\.", -1));
    for (int i = parts.size() - 1; i >= 0; i--) {
      if (dir == null
          || dir.getFileName() == null
          || !dir.getFileName().toString().equals(parts.get(i))) {
        return Optional.empty();
      }
      dir = dir.getParent();
    }
    return Optional.ofNullable(dir);
  }
}
