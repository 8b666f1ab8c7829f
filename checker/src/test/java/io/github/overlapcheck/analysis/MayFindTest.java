package io.github.overlapcheck.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.rules.Rules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which classes the rules can find anything in ({@link Analysis#mayFind}). */
final class MayFindTest {
  @Test
  void aClassThatOnlyOpensClosesAndWaitsStartsNothing() {
    Set<String> names =
        Set.of(
            "CreateFileW",
            "CloseHandle",
            "GetLastError",
            "LocalFree",
            "WaitForSingleObject",
            "GetOverlappedResult",
            "CancelIoEx",
            "format");
    assertFalse(Analysis.mayFind(names, Rules.ALL));
  }

  @Test
  void eachCallThatStartsIoCounts() {
    for (String start :
        List.of(
            "ReadFile",
            "WriteFile",
            "ReadFileEx",
            "WriteFileEx",
            "ConnectNamedPipe",
            "WaitCommEvent")) {
      assertTrue(Analysis.mayFind(Set.of("CloseHandle", start), Rules.ALL), start);
    }
  }

  @Test
  void aRuleThatReportsWithoutOperationsKeepsItsCalls() {
    // CancelIoFromOtherThread reports at CancelIo on a thread of its own, with no read in sight.
    assertTrue(Analysis.mayFind(Set.of("CancelIo"), Rules.ALL));
    assertFalse(Analysis.mayFind(Set.of("CancelIo"), List.of(only(Set.of()))));
  }

  @Test
  void aRuleThatDoesNotSayMayReportAnywhere() {
    Rule silent = () -> "Unsaid";
    assertTrue(Analysis.mayFind(Set.of("format"), List.of(silent)));
    assertTrue(Analysis.mayFind(Set.of(), List.of(only(Set.of()), silent)));
  }

  private static Rule only(Set<Operation> at) {
    return new Rule() {
      @Override
      public String name() {
        return "Only";
      }

      @Override
      public Optional<Set<Operation>> reportsWithoutOperationsAt() {
        return Optional.of(at);
      }
    };
  }
}
