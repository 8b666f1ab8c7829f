package io.github.overlapcheck.scanner;

import com.google.errorprone.ErrorProneJavaCompiler;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.scanner.ScannerSupplier;
import io.github.overlapcheck.api.ApiModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * The sources the parity and precision tests run on (the samples, the labelled corpus), and the two
 * ways of finding what is wrong with them: the plugin (javac with Error Prone and every
 * overlapcheck check) and the scanner (with or without a classpath).
 */
final class Sources {
  static final Path SAMPLES = Path.of("../samples/src/main/java");
  static final Path CORPUS = Path.of("../checker/src/test/resources/corpus");

  /** The number of findings the buggy samples have: the lines of samples/expected-findings.txt. */
  static final int SAMPLE_FINDINGS = sampleFindings();

  private static int sampleFindings() {
    try {
      return (int)
          Files.readAllLines(Path.of("../samples/expected-findings.txt")).stream()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A finding reduced to what both front ends must agree on. */
  record Place(String rule, Path file, long line) implements Comparable<Place> {
    @Override
    public int compareTo(Place o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return file + ":" + line + " [" + rule + "]";
    }
  }

  private Sources() {}

  static List<Path> javaFiles(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The overlapcheck checks, found as javac finds plugins: through the service loader. */
  static List<Class<? extends BugChecker>> checks() {
    List<Class<? extends BugChecker>> out = new ArrayList<>();
    for (ServiceLoader.Provider<BugChecker> p :
        ServiceLoader.load(BugChecker.class).stream().collect(Collectors.toList())) {
      if (p.type().getName().startsWith("io.github.overlapcheck.")) {
        out.add(p.type());
      }
    }
    out.sort(java.util.Comparator.comparing(Class::getName));
    return out;
  }

  private static final Pattern RULE = Pattern.compile("^\\[(\\w+)\\] ");

  /** Compiles the files with the plugin, every overlapcheck check at WARNING. */
  static List<Place> plugin(List<Path> files, Path outputDir) {
    return plugin(files, outputDir, List.of());
  }

  /** As {@link #plugin(List, Path)}, with more javac options (-XepOpt flags). */
  static List<Place> plugin(List<Path> files, Path outputDir, List<String> extraOptions) {
    System.setProperty("overlapcheck.debug", "true");
    List<Class<? extends BugChecker>> checks = checks();
    JavaCompiler compiler =
        new ErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(checks));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      Files.createDirectories(outputDir);
      List<String> options = new ArrayList<>();
      options.addAll(
          List.of(
              "-d",
              outputDir.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "-XDcompilePolicy=simple",
              "-Xmaxwarns",
              "1000000",
              "-proc:none"));
      options.addAll(extraOptions);
      StringWriter out = new StringWriter();
      Boolean ok =
          compiler
              .getTask(out, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
              .call();
      List<Place> found = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        String message = d.getMessage(Locale.ROOT);
        Matcher m = RULE.matcher(message);
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(d.toString());
        } else if (m.find()
            && checks.stream().anyMatch(c -> c.getSimpleName().equals(m.group(1)))) {
          found.add(
              new Place(
                  m.group(1),
                  Path.of(d.getSource().toUri()).toAbsolutePath().normalize(),
                  d.getLineNumber()));
        }
      }
      if (!Boolean.TRUE.equals(ok) || !errors.isEmpty()) {
        throw new AssertionError("compilation failed:\n" + String.join("\n", errors) + out);
      }
      found.sort(null);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The classpath the sources compile against, for the scanner: JNA, jna-platform and the reference
   * runtime's classes, taken from the test's own classpath.
   */
  static List<Path> compileClasspath() {
    List<Path> out = new ArrayList<>();
    for (String e :
        com.google.common.base.Splitter.on(java.io.File.pathSeparatorChar)
            .split(System.getProperty("java.class.path"))) {
      String name = Path.of(e).getFileName() == null ? "" : Path.of(e).toString();
      if (name.contains("jna")
          || name.contains("overlapped-runtime")
          || name.contains("runtime/target/classes")) {
        out.add(Path.of(e));
      }
    }
    return out;
  }

  /** Scans the directory with the scanner; with the classpath when {@code withClasspath}. */
  static List<Place> scanner(Path dir, boolean withClasspath) {
    System.setProperty("overlapcheck.debug", "true");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Scanner s =
        new Scanner(
            new SourceWalker(SourceWalker.FILE_SYSTEM),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            ApiModel.standard());
    Scanner.Result r =
        s.scan(
            new Scanner.Options(
                List.of(dir),
                withClasspath ? compileClasspath() : List.of(),
                withClasspath,
                Scanner.DEFAULT_MAX_FILE_SIZE,
                Scanner.DEFAULT_MAX_DEPTH));
    if (!r.problems().isEmpty()) {
      throw new AssertionError(
          "the scanner skipped inputs: " + err.toString(StandardCharsets.UTF_8));
    }
    List<Place> found = new ArrayList<>();
    for (ScanFinding f : r.findings()) {
      found.add(new Place(f.rule(), f.file().toAbsolutePath().normalize(), f.line()));
    }
    found.sort(null);
    return found;
  }
}
