package io.github.overlapcheck.scanner;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code overlapcheck scan [options] PATH...}. */
@Command(
    name = "overlapcheck",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Finds Win32 overlapped I/O misuse in Java sources (JNA, the reference runtime).",
    subcommands = {ScanCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no findings",
      "1:findings",
      "2:a usage error, an I/O error, or inputs that could not be scanned"
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, Progress.stderrIsTerminal(), null));
  }

  /**
   * Runs the command line with these streams; returns the exit code. {@code lister} replaces the
   * file system's directory listing (for tests), when not null.
   */
  static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      SourceWalker.Lister lister) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // Never a stack trace: an unexpected failure is reported in one line.
          cmd.getErr().println("overlapcheck: error: " + SourceWalker.describe(e));
          return 2;
        });
    ScanCommand scan = cli.getSubcommands().get("scan").getCommand();
    scan.streams(out, err, terminal);
    if (lister != null) {
      scan.lister(lister);
    }
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'scan'");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"overlapcheck " + version()};
    }
  }

  static String version() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException e) {
      // No version then.
    }
    return p.getProperty("version", "0-unknown");
  }
}
