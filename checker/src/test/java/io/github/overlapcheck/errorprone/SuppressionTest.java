package io.github.overlapcheck.errorprone;

import static io.github.overlapcheck.errorprone.ReaderFixture.IMPORTS;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What turns a finding off, as Error Prone decides it for any check: {@code @SuppressWarnings} with
 * the check's name or {@code "all"} on the method or anything around it, generated code under
 * {@code -XepDisableWarningsInGeneratedCode}, and none of these under {@code
 * -XepIgnoreSuppressionAnnotations}. The checks match classes and apply each method's own
 * annotations themselves, so the method level is tested apart from the class level (which Error
 * Prone applies), in nested and anonymous classes too.
 */
final class SuppressionTest {
  private final CompilationTestHelper escapes =
      CompilationTestHelper.newInstance(LocalOverlappedEscapes.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  /** The fixture's method; {@code expected} says whether its finding is reported. */
  private static String reader(String annotation, String name, boolean expected) {
    return ReaderFixture.method(annotation, name, expected ? "JNA copies it" : "");
  }

  @Test
  void suppressWarningsOnAMethodTurnsOffItsFindingsOnly() {
    escapes
        .addSourceLines(
            "Reader.java",
            IMPORTS
                + "class Reader {\n"
                + reader("@SuppressWarnings(\"LocalOverlappedEscapes\")", "quiet", false)
                + reader("@SuppressWarnings(\"all\")", "quietToo", false)
                + reader("@SuppressWarnings(\"ReleasedWhilePending\")", "otherRuleNamed", true)
                + reader("", "plain", true)
                + "}\n")
        .doTest();
  }

  @Test
  void suppressWarningsOnAClassCoversItsNestedAndAnonymousClasses() {
    escapes
        .addSourceLines(
            "Outer.java",
            IMPORTS
                + "@SuppressWarnings(\"LocalOverlappedEscapes\")\n"
                + "class Outer {\n"
                + reader("", "outer", false)
                + "static class Nested {\n"
                + reader("", "nested", false)
                + "}\n"
                + "Object anonymous() {\n"
                + "  return new Object() {\n"
                + reader("", "inAnonymous", false)
                + "  };\n"
                + "}\n"
                + "}\n")
        .doTest();
  }

  @Test
  void suppressWarningsOnAMethodDoesNotReachANestedClassBesideIt() {
    escapes
        .addSourceLines(
            "Outer.java",
            IMPORTS
                + "class Outer {\n"
                + reader("@SuppressWarnings(\"LocalOverlappedEscapes\")", "quiet", false)
                + "static class Nested {\n"
                + reader("", "nested", true)
                + reader("@SuppressWarnings(\"LocalOverlappedEscapes\")", "nestedQuiet", false)
                + "}\n"
                + "}\n")
        .doTest();
  }

  @Test
  void anAnonymousClassInASuppressedMethodIsSuppressed() {
    escapes
        .addSourceLines(
            "Outer.java",
            IMPORTS
                + "class Outer {\n"
                + "@SuppressWarnings(\"LocalOverlappedEscapes\")\n"
                + "Object quiet() {\n"
                + "  return new Object() {\n"
                + reader("", "inAnonymous", false)
                + "  };\n"
                + "}\n"
                + "Object loud() {\n"
                + "  return new Object() {\n"
                + reader("", "inAnonymous", true)
                + "  };\n"
                + "}\n"
                + "}\n")
        .doTest();
  }

  private static final String GENERATED = "@javax.annotation.processing.Generated(\"a generator\")";

  @Test
  void generatedMethodIsSkippedUnderDisableWarningsInGeneratedCode() {
    escapes
        .addSourceLines(
            "Reader.java",
            IMPORTS
                + "class Reader {\n"
                + reader(GENERATED, "generated", false)
                + reader("", "written", true)
                + "}\n")
        .setArgs("-XepDisableWarningsInGeneratedCode")
        .doTest();
  }

  @Test
  void generatedMethodIsCheckedWithoutTheFlag() {
    escapes
        .addSourceLines(
            "Reader.java",
            IMPORTS + "class Reader {\n" + reader(GENERATED, "generated", true) + "}\n")
        .doTest();
  }

  @Test
  void generatedCodeIsCheckedWhenTheCheckIsAnError() {
    escapes
        .addSourceLines(
            "Reader.java",
            IMPORTS + "class Reader {\n" + reader(GENERATED, "generated", true) + "}\n")
        .setArgs("-XepDisableWarningsInGeneratedCode", "-Xep:LocalOverlappedEscapes:ERROR")
        .doTest();
  }

  @Test
  void ignoreSuppressionAnnotationsReportsSuppressedMethods() {
    escapes
        .addSourceLines(
            "Reader.java",
            IMPORTS
                + "class Reader {\n"
                + reader("@SuppressWarnings(\"LocalOverlappedEscapes\")", "quiet", true)
                + "}\n")
        .setArgs("-XepIgnoreSuppressionAnnotations")
        .doTest();
  }
}
