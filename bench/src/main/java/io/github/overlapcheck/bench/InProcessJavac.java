package io.github.overlapcheck.bench;

import com.google.errorprone.ErrorProneTimings;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.util.Context;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac with Error Prone, in this JVM, set up once and run many times (as NullAway's JMH module
 * does it): the sources are read into memory, the compiler and file manager are reused, and the
 * processor path is this JVM's own classpath, so Error Prone and the checks are loaded once by the
 * application class loader and stay JIT-compiled from one compilation to the next.
 */
final class InProcessJavac {
  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final List<JavaFileObject> units = new ArrayList<>();
  private final StandardJavaFileManager fileManager;
  private final List<String> options = new ArrayList<>();
  private final DiagnosticListener<JavaFileObject> listener;
  private int errors;
  private int findings;
  private Map<String, Duration> timings = Map.of();

  /**
   * @param errorProne the {@code -Xplugin:ErrorProne ...} argument
   * @param extra further javac options
   */
  InProcessJavac(Corpus corpus, String errorProne, List<String> extra) {
    for (Path file : corpus.files()) {
      units.add(new InMemorySource(file));
    }
    DiagnosticListener<JavaFileObject> count =
        d -> {
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            errors++;
          } else if (d.getKind() == Diagnostic.Kind.WARNING && isOverlapcheck(d)) {
            findings++;
          }
        };
    fileManager = compiler.getStandardFileManager(count, null, StandardCharsets.UTF_8);
    Path out;
    try {
      out = Files.createTempDirectory("overlapcheck-bench-classes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    options.addAll(
        List.of(
            "-d",
            out.toString(),
            "-processorpath",
            System.getProperty("java.class.path"),
            "-classpath",
            corpus.classpath(),
            "-encoding",
            "UTF-8",
            "-source",
            "17",
            "-target",
            "17",
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-XDaddTypeAnnotationsToSymbol=true",
            "-Xmaxwarns",
            "100000",
            errorProne));
    options.addAll(extra);
    this.listener = count;
  }

  /** Compiles every file once; true when javac reports no error. */
  boolean compile() {
    errors = 0;
    findings = 0;
    JavaCompiler.CompilationTask task =
        compiler.getTask(null, fileManager, listener, options, null, units);
    // javac drops the task's context when the call returns: take it before.
    Context context = ((BasicJavacTask) task).getContext();
    boolean ok = task.call();
    timings = ErrorProneTimings.instance(context).timings();
    return ok;
  }

  /**
   * How long the last compilation spent inside the named checks' matchers, by Error Prone's own
   * per-check timers (wall time; Error Prone's dispatch around each call is not included).
   */
  Duration timeIn(Collection<String> checks) {
    Duration sum = Duration.ZERO;
    for (String check : checks) {
      sum = sum.plus(timings.getOrDefault(check, Duration.ZERO));
    }
    return sum;
  }

  int errors() {
    return errors;
  }

  /** Warnings of overlapcheck's rules in the last compilation (javac's own are not counted). */
  int findings() {
    return findings;
  }

  private static boolean isOverlapcheck(Diagnostic<? extends JavaFileObject> d) {
    String message = d.getMessage(java.util.Locale.ROOT);
    for (io.github.overlapcheck.analysis.Rule r : io.github.overlapcheck.rules.Rules.ALL) {
      if (message.startsWith("[" + r.name() + "]")) {
        return true;
      }
    }
    return false;
  }

  int files() {
    return units.size();
  }

  /** A source file read once, so that the benchmark does no file I/O for sources. */
  private static final class InMemorySource extends SimpleJavaFileObject {
    private final String code;

    InMemorySource(Path file) {
      super(URI.create("file://" + file.toAbsolutePath()), Kind.SOURCE);
      try {
        code = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  static String pathOf(List<Path> paths) {
    List<String> s = new ArrayList<>();
    for (Path p : paths) {
      s.add(p.toString());
    }
    return String.join(File.pathSeparator, s);
  }
}
