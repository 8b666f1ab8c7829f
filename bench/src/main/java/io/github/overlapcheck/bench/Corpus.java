package io.github.overlapcheck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A code base to compile or scan: its source files and the classpath they compile against. The real
 * ones are unpacked by the build into {@code bench/target/corpora} (see bench/pom.xml); the
 * synthetic one is written there by {@link Synthetic}.
 */
record Corpus(String name, Path root, List<Path> files, String classpath) {

  /** Where the build unpacks the corpora; {@code -Dbench.corpora=DIR} overrides it. */
  static Path corporaDir() {
    return Path.of(System.getProperty("bench.corpora", "bench/target/corpora")).toAbsolutePath();
  }

  static Corpus named(String name) {
    return switch (name) {
      case "jna" -> of("jna", corporaDir().resolve("jna/src"), "");
      case "guava" -> of("guava", corporaDir().resolve("guava/src"), jars("guava/lib"));
      case "synthetic" ->
          of("synthetic", Synthetic.ensureDense(corporaDir().resolve("synthetic/src")), jnaJars());
      default -> throw new IllegalArgumentException("unknown corpus: " + name);
    };
  }

  /** jna and jna-platform, which the synthetic sources compile against. */
  static String jnaJars() {
    return jars("synthetic/lib");
  }

  static Corpus of(String name, Path root, String classpath) {
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(
          root + " does not exist: build the bench module first (see docs/benchmarks.md)");
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> files =
          walk.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.getFileName().toString().equals("module-info.java"))
              .sorted()
              .collect(Collectors.toList());
      return new Corpus(name, root, files, classpath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jars(String dir) {
    Path lib = corporaDir().resolve(dir);
    try (Stream<Path> walk = Files.list(lib)) {
      return walk.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .map(Path::toString)
          .collect(Collectors.joining(java.io.File.pathSeparator));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Physical lines of all files (as {@code wc -l} counts them). */
  long lines() {
    long n = 0;
    for (Path f : files) {
      try {
        byte[] bytes = Files.readAllBytes(f);
        for (byte b : bytes) {
          if (b == '\n') {
            n++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }
}
