package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long fuzz run, on demand only (never in the default build): runs for {@code
 * -Doverlapcheck.fuzz.minutes} with seed {@code -Doverlapcheck.fuzz.seed} (default: the time).
 *
 * <pre>
 * mvn -B -ntp -o test -pl runtime,checker,scanner -Dtest=FuzzLongRunTest \
 *     -Doverlapcheck.fuzz.minutes=20 -Doverlapcheck.fuzz.seed=1
 * </pre>
 *
 * Failing inputs, and versions shrunk while they fail the same way, are written to {@code
 * scanner/target/fuzz-long/failures/}.
 */
@EnabledIfSystemProperty(named = "overlapcheck.fuzz.minutes", matches = "\\d+(\\.\\d+)?")
final class FuzzLongRunTest {
  @Test
  void fuzz() {
    double minutes = Double.parseDouble(System.getProperty("overlapcheck.fuzz.minutes"));
    long seed = Long.getLong("overlapcheck.fuzz.seed", System.currentTimeMillis());
    int pluginEvery = Integer.getInteger("overlapcheck.fuzz.pluginEvery", 3);
    int maxNesting = Integer.getInteger("overlapcheck.fuzz.maxNesting", 200);
    System.out.println("fuzz: seed " + seed + ", " + minutes + " minutes");
    long start = System.nanoTime();
    Fuzzer.Stats stats =
        new Fuzzer(
                Fuzzer.standardSeeds(),
                new Fuzzer.Settings(
                    seed,
                    Integer.MAX_VALUE,
                    Integer.MAX_VALUE,
                    Duration.ofMillis((long) (minutes * 60_000)),
                    pluginEvery,
                    6,
                    maxNesting,
                    Duration.ofMinutes(3),
                    Path.of("target/fuzz-long")))
            .run();
    System.out.printf(
        "fuzz: seed %d, %.1f minutes: %s%nmutations applied: %s%n",
        seed, (System.nanoTime() - start) / 60e9, stats, stats.mutations);
    stats.failures.forEach(f -> System.out.println("FAILURE " + f));
    assertEquals(List.of(), stats.failures, stats.toString());
  }
}
