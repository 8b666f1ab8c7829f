package io.github.overlapcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every check has its page in docs/rules, its link points at that page, and the index lists it. */
final class RuleDocsTest {
  private static final Path DOCS = Path.of("../docs/rules");

  @Test
  void everyCheckHasItsPageAndLinksToIt() throws IOException {
    String index = Files.readString(DOCS.resolve("README.md"));
    for (Class<? extends BugChecker> check : Harness.CHECKS) {
      String name = check.getSimpleName();
      BugPattern pattern = check.getAnnotation(BugPattern.class);
      assertEquals(
          "https://github.com/overlapcheck/overlapcheck/blob/main/docs/rules/" + name + ".md",
          pattern.link(),
          name);
      assertEquals(BugPattern.LinkType.CUSTOM, pattern.linkType(), name);
      assertFalse(pattern.summary().endsWith("."), name + ": a summary has no trailing period");
      Path page = DOCS.resolve(name + ".md");
      assertTrue(Files.exists(page), "no page for " + name);
      String text = Files.readString(page);
      assertTrue(text.startsWith("# " + name), name + ": the page is titled with the rule name");
      assertTrue(text.contains("## Known limits"), name + ": the page states its limits");
      assertFalse(text.contains("<!-- limits:"), name + ": the limits are written");
      assertTrue(index.contains("(" + name + ".md)"), name + " is in docs/rules/README.md");
    }
  }
}
