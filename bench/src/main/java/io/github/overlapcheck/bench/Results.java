package io.github.overlapcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Where the harness writes what it measured: {@code bench/target/results/}, appended to. */
final class Results {
  private Results() {}

  static Path dir() {
    Path d = Path.of(System.getProperty("bench.results", "bench/target/results")).toAbsolutePath();
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return d;
  }

  /** Prints {@code text} and appends it, with a time stamp, to {@code file} in {@link #dir}. */
  static void report(String file, String text) {
    System.out.println(text);
    try {
      Files.writeString(
          dir().resolve(file),
          "## " + Instant.now() + "\n" + text + "\n\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
