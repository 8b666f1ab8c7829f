package io.github.overlapcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command as a separate process and measures it: wall time, and CPU time (user + system) of
 * the process and its children, read from this JVM's own children's times in {@code
 * /proc/self/stat} (Linux), which grow by exactly the reaped child's times.
 */
final class Processes {
  private Processes() {}

  /** Wall and CPU seconds of one run, and its exit code. */
  record Run(double wall, double cpu, int exit) {}

  /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  static Run run(List<String> command, Path log) {
    try {
      long cpu0 = childrenTicks();
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      int exit = p.waitFor();
      long t1 = System.nanoTime();
      // The JDK reaps the child on its own thread: wait until its times are counted.
      long cpu1 = childrenTicks();
      for (int i = 0; i < 50 && cpu1 == cpu0; i++) {
        Thread.sleep(10);
        cpu1 = childrenTicks();
      }
      return new Run((t1 - t0) / 1e9, (cpu1 - cpu0) / TICKS, exit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** cutime + cstime of this process (fields 16 and 17 of /proc/self/stat). */
  private static long childrenTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
    // f[0] is field 3 (state), so field n is f[n - 3].
    return Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  /** The JDK's own tools ({@code javac}, {@code java}) of the JVM running the harness. */
  static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /** javac's internals for Error Prone, as {@code -J} options of the javac launcher. */
  static List<String> javacAccessForLauncher() {
    try {
      return Files.readAllLines(Path.of(".mvn/jvm.config")).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .map(l -> "-J" + l)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the source list of {@code corpus} as a javac argument file; returns {@code @file}. */
  static String argFile(Corpus corpus, Path dir) {
    try {
      Path f = dir.resolve(corpus.name() + "-sources.txt");
      Files.write(f, corpus.files().stream().map(p -> "\"" + p + "\"").toList());
      return "@" + f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
