package io.github.overlapcheck.scanner;

import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.report.Baseline;
import io.github.overlapcheck.rules.Rules;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code overlapcheck scan}: scans source trees and reports findings. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Scans Java sources for Win32 overlapped I/O misuse and reports the findings.",
      "Inputs that cannot be scanned (a missing path, an unreadable directory, a symbolic link"
          + " loop, a file that does not parse, is not UTF-8, is too large or nests too deep) are"
          + " reported once each on stderr and skipped; the rest is scanned."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no findings (none that are new, with --baseline), and every input was scanned",
      "1:findings",
      "2:a usage error, an I/O error (output, baseline), or an input that could not be scanned"
          + " (its findings, if any, are reported all the same)"
    })
final class ScanCommand implements Callable<Integer> {
  enum Format {
    text,
    sarif
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"--classpath", "-cp"},
      paramLabel = "CP",
      description =
          "Jars, class directories and source roots the sources compile against, separated by"
              + " the platform's path separator (':' on Linux and macOS, ';' on Windows). With"
              + " it, calls are resolved with JavaParser's symbol solver; without it, by names"
              + " and parameter shapes (less precise: see docs/scanner.md).")
  String classpath;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = {"--output", "-o"},
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(
      names = "--rules",
      paramLabel = "A,B",
      split = ",",
      description = "Report only these rules (default: all).")
  List<String> rules;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "Report only findings whose fingerprints are not in this baseline file.")
  Path baseline;

  @Option(
      names = "--write-baseline",
      paramLabel = "FILE",
      description =
          "Record the fingerprints of this scan's findings in FILE (they are still reported, and"
              + " the exit code is 0 unless an input could not be scanned).")
  Path writeBaseline;

  @Option(
      names = "--max-file-size",
      paramLabel = "SIZE",
      defaultValue = "10m",
      converter = SizeConverter.class,
      description =
          "Skip files larger than this: bytes, or with k or m (default: ${DEFAULT-VALUE}).")
  long maxFileSize;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      defaultValue = "" + Scanner.DEFAULT_MAX_DEPTH,
      converter = DepthConverter.class,
      description = "Skip files whose syntax nests deeper than this (default: ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(
      names = "--progress",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Show progress on stderr: auto (when stderr is a terminal and there are more than "
              + Progress.MIN_FILES
              + " files), always, never (default: ${DEFAULT-VALUE}).")
  ProgressMode progress;

  enum ProgressMode {
    auto,
    always,
    never
  }

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Source files or directories.")
  List<Path> paths;

  private PrintStream out = System.out;
  private PrintStream err = System.err;
  private boolean terminal;
  private SourceWalker.Lister lister = SourceWalker.FILE_SYSTEM;

  void streams(PrintStream out, PrintStream err, boolean terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** For tests: a directory lister that fails where a real file system would. */
  void lister(SourceWalker.Lister lister) {
    this.lister = lister;
  }

  @Override
  public Integer call() {
    Set<String> known =
        Rules.ALL.stream().map(Rule::name).collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> selected = new LinkedHashSet<>();
    if (rules != null) {
      for (String r : rules) {
        String name = r.strip();
        if (name.isEmpty()) {
          continue;
        }
        if (!known.contains(name)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "Invalid value for option '--rules': unknown rule '"
                  + name
                  + "'; the rules are: "
                  + String.join(", ", known));
        }
        selected.add(name);
      }
    }
    if (rules != null && selected.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Invalid value for option '--rules': no rule named; expected one or more of: "
              + String.join(", ", known));
    }
    Optional<Baseline> accepted = Optional.empty();
    if (baseline != null) {
      try {
        accepted = Optional.of(Baseline.read(baseline));
      } catch (Baseline.BaselineException e) {
        err.println(
            "overlapcheck: error: --baseline: "
                + e.getMessage()
                + " (expected a baseline file, as written by --write-baseline)");
        return 2;
      }
    }
    List<Path> cp = new ArrayList<>();
    if (classpath != null) {
      for (String entry : classpath.split(File.pathSeparator, -1)) {
        if (entry.isBlank()) {
          continue;
        }
        if (entry.endsWith("*") && (entry.length() == 1 || entry.endsWith(File.separator + "*"))) {
          // As java -cp: dir/* is every jar in dir.
          cp.addAll(jarsIn(Path.of(entry.substring(0, entry.length() - 1) + ".")));
        } else {
          cp.add(Path.of(entry));
        }
      }
    }
    boolean showProgress =
        progress == ProgressMode.always || (progress == ProgressMode.auto && terminal);
    Scanner scanner = new Scanner(new SourceWalker(lister), err, showProgress, ApiModel.standard());
    Scanner.Result result =
        scanner.scan(new Scanner.Options(paths, cp, classpath != null, maxFileSize, maxDepth));
    List<ScanFinding> findings =
        result.findings().stream()
            .filter(f -> selected.isEmpty() || selected.contains(f.rule()))
            .collect(Collectors.toList());
    if (writeBaseline != null) {
      List<Baseline.Entry> entries = new ArrayList<>();
      for (ScanFinding f : findings) {
        entries.add(
            new Baseline.Entry(
                f.fingerprint(), f.rule() + " " + f.relativePath() + ":" + f.line()));
      }
      try {
        Baseline.write(writeBaseline, entries);
      } catch (Baseline.BaselineException e) {
        err.println("overlapcheck: error: --write-baseline: " + e.getMessage());
        return 2;
      }
      err.println("overlapcheck: wrote " + entries.size() + " fingerprints to " + writeBaseline);
    }
    Optional<Baseline> filter = accepted;
    List<ScanFinding> reported =
        findings.stream()
            .filter(f -> filter.map(b -> !b.contains(f.fingerprint())).orElse(true))
            .collect(Collectors.toList());
    int baselined = findings.size() - reported.size();
    boolean complete = result.problems().isEmpty();
    String report =
        format == Format.sarif
            ? Reports.sarif(reported, result.problems(), RuleInfo.all(), Main.version(), complete)
            : Reports.text(reported);
    if (output != null) {
      try {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(output, report, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        err.println(
            "overlapcheck: error: --output: cannot write "
                + output
                + ": "
                + SourceWalker.describe(e));
        return 2;
      }
    } else {
      out.print(report);
      out.flush();
    }
    err.println(summary(reported.size(), baselined, result));
    if (!complete) {
      return 2;
    }
    boolean newFindings = writeBaseline == null ? !reported.isEmpty() : false;
    return newFindings ? 1 : 0;
  }

  private List<Path> jarsIn(Path dir) {
    try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException | RuntimeException e) {
      err.println(
          "overlapcheck: warning: classpath entry "
              + dir.resolve("*").normalize()
              + " cannot be listed ("
              + SourceWalker.describe(e)
              + "); ignored");
      return List.of();
    }
  }

  private static String summary(int reported, int baselined, Scanner.Result result) {
    StringBuilder s =
        new StringBuilder("overlapcheck: ")
            .append(reported)
            .append(reported == 1 ? " finding" : " findings")
            .append(" in ")
            .append(result.filesScanned())
            .append(result.filesScanned() == 1 ? " file" : " files");
    if (baselined > 0) {
      s.append(", ").append(baselined).append(" in the baseline");
    }
    if (!result.problems().isEmpty()) {
      s.append(", ")
          .append(result.problems().size())
          .append(result.problems().size() == 1 ? " input" : " inputs")
          .append(" not scanned");
    }
    return s.toString();
  }

  /** Sizes: a number of bytes, or with a k or m suffix. */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      long unit = 1;
      if (v.endsWith("k")) {
        unit = 1L << 10;
        v = v.substring(0, v.length() - 1);
      } else if (v.endsWith("m")) {
        unit = 1L << 20;
        v = v.substring(0, v.length() - 1);
      }
      try {
        long n = Long.parseLong(v);
        if (n <= 0) {
          throw new CommandLine.TypeConversionException(
              "'" + value + "' is not a size: expected a positive number of bytes, e.g. 500k");
        }
        return Math.multiplyExact(n, unit);
      } catch (ArithmeticException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is too large: expected a size below 8 EiB, e.g. 10m");
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a size: expected bytes, or a number with k or m, e.g. 10m");
      }
    }
  }

  /** A nesting limit: a whole number, at least 10 (no real file nests less than that). */
  static final class DepthConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n;
      try {
        n = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a depth: expected a whole number, 10 or more, e.g. 1000");
      }
      if (n < 10) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is too small: expected a whole number, 10 or more, e.g. 1000");
      }
      return n;
    }
  }
}
