package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short seeded fuzz run, in every build: mutated and truncated samples and corpus cases through
 * the scanner and through javac with the plugin (see {@link Fuzzer}). It is bounded by the number
 * of inputs, not by time, so it tries the same inputs on every machine. The long run, on demand, is
 * {@link FuzzLongRunTest}; docs/robustness.md says how to run it and what it found.
 */
final class FuzzTest {
  static final long SEED = 20261122L;

  @Test
  void mutatedSamplesAndCorpusNeverCrashEitherFrontEnd() {
    Fuzzer.Stats stats =
        new Fuzzer(
                Fuzzer.standardSeeds(),
                new Fuzzer.Settings(
                    SEED,
                    100,
                    9,
                    null,
                    3,
                    4,
                    40,
                    Duration.ofMinutes(2),
                    Path.of("target/fuzz-short")))
            .run();
    System.out.println("fuzz (seed " + SEED + "): " + stats);
    assertEquals(List.of(), stats.failures, stats.toString());
    // The run means something only if inputs got through: some parsed, some compiled.
    assertTrue(stats.scannerParsed > 0 && stats.scannerNotParsed > 0, stats.toString());
    assertTrue(stats.pluginCompiled > 0, stats.toString());
  }
}
