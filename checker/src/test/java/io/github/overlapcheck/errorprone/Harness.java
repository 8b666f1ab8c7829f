package io.github.overlapcheck.errorprone;

import com.google.errorprone.ErrorProneJavaCompiler;
import com.google.errorprone.scanner.ScannerSupplier;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Compiles source files with the overlapcheck checks (all at WARNING, nothing else enabled) and
 * returns what they report, for tests that look at many files at once (the labelled corpus, the
 * samples).
 */
final class Harness {
  private static final Pattern RULE = Pattern.compile("^\\[(\\w+)\\] ");

  /** One reported finding. */
  record Reported(String rule, Path file, long line, String message) {}

  private Harness() {}

  static final List<Class<? extends com.google.errorprone.bugpatterns.BugChecker>> CHECKS =
      List.of(
          FreedBeforeCompletionPacket.class,
          LocalOverlappedEscapes.class,
          WaitOnSharedFileHandle.class,
          MissingOverlappedOffset.class,
          NullOverlappedOnAsyncHandle.class,
          SkippedCompletionUnhandled.class,
          AsyncBytesTransferredUsed.class,
          CompletionRoutineNeverRuns.class,
          StaleOverlappedWriteBack.class,
          PendingTreatedAsFailure.class,
          FailureTreatedAsPending.class,
          CancelIoFromOtherThread.class,
          ReleasedWhilePending.class,
          ModifiedWhilePending.class);

  static List<Reported> compile(List<Path> files, Path outputDir) {
    return compile(files, outputDir, List.of());
  }

  /** As {@link #compile(List, Path)}, with more javac options (-XepOpt flags). */
  static List<Reported> compile(List<Path> files, Path outputDir, List<String> extraOptions) {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
    JavaCompiler compiler =
        new ErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(CHECKS));
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
              // javac reports only the first 100 warnings unless told otherwise.
              "-Xmaxwarns",
              "1000000",
              "-proc:none"));
      options.addAll(extraOptions);
      StringWriter out = new StringWriter();
      Boolean ok =
          compiler
              .getTask(out, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files))
              .call();
      List<Reported> reported = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        String message = d.getMessage(Locale.ROOT);
        Matcher m = RULE.matcher(message);
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(d.toString());
        } else if (m.find()
            && CHECKS.stream().anyMatch(c -> c.getSimpleName().equals(m.group(1)))) {
          Path file = Path.of(d.getSource().toUri());
          String text = message.substring(m.end()).split("\n", 2)[0];
          reported.add(new Reported(m.group(1), file, d.getLineNumber(), text));
        }
      }
      if (!Boolean.TRUE.equals(ok) || !errors.isEmpty()) {
        throw new AssertionError("compilation failed:\n" + String.join("\n", errors) + out);
      }
      return reported;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
