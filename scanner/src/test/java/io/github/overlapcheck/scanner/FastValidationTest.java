package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import io.github.overlapcheck.scanner.javaparser.JavaFrontEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner's parser configuration runs JavaParser's Java 21 checks its own, faster way
 * (FastValidation); whatever a file is, it must parse to the same tree with the same problems as
 * with JavaParser's own configuration.
 */
class FastValidationTest {
  /** JavaParser's configuration with the scanner's settings, and its own language-level step. */
  private static ParserConfiguration standard() {
    return new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21)
        .setAttributeComments(false)
        .setDoNotAssignCommentsPrecedingEmptyLines(true)
        .setLexicalPreservationEnabled(false)
        .setStoreTokens(true);
  }

  private final JavaParser reference = new JavaParser(standard());
  private final JavaParser scanner = new JavaParser(JavaFrontEnd.configuration());

  /** Files that parse but that the Java 21 checks reject, one check each (and a few valid). */
  private static final List<String> CHECKED =
      List.of(
          "class A { void f() { try { } } }",
          "class A { void f() { try (x) { } } }",
          "class A { void f() { try { } catch (final Exception | RuntimeException e) { } } }",
          "class A { void f() { int _ = 1; } }",
          "class A { var x = 1; }",
          "class A { void f(var x) { } }",
          "class A { void f() { var a = 1, b = 2; } }",
          "class A { void f() { var a; } }",
          "class A { void f() { var a = null; } }",
          "class A { void f() { var a[] = {1}; } }",
          "interface I { default void f(); }",
          "interface I { private void f(); }",
          "class A { public private int x; }",
          "class A { abstract final void f(); }",
          "abstract class A { transient void f() { } }",
          "class A { static A() { } }",
          "class record { }",
          "class A { java.util.List<int> x; }",
          "class A { void f() { for (int a, b : xs) { } } }",
          "enum E { A; abstract void f() { } }",
          "record R(int x) { int y; }",
          "record R(int x) { R { return; } }",
          "class A { void f() { Runnable r = () -> { }; } }",
          "class A { int f(Object o) { return switch (o) { case null, default -> 1; }; } }",
          "class A { int f(Object o) { return switch (o) { case String s when s.isEmpty() -> 1;"
              + " default -> 2; }; } }",
          "sealed class A permits B { } final class B extends A { }",
          "class A { void f() { class L { } interface M { } } }",
          "class A { native void f() { } }",
          "class A { void f() { strictfp int x = 1; } }",
          "@interface N { int v() default 1; }",
          "class A { void f() { int x = 0b101; long y = 1_000L; } }",
          "class A { String s = \"\"\"\n  text\n  \"\"\"; }",
          "module m { requires java.base; }",
          "class A { void f() { yield(1); } }",
          "class A { void f(Object o) { if (o instanceof String s) { } } }");

  @Test
  void sameTreesAndProblemsOnFilesTheChecksReject() {
    int withProblems = 0;
    for (String source : CHECKED) {
      if (assertSame(source, source)) {
        withProblems++;
      }
    }
    // The list is only a test of the fast path if most of it is rejected.
    assertTrue(withProblems >= 15, "only " + withProblems + " of the files have problems");
  }

  @Test
  void sameTreesAndProblemsOnTheSamplesAndTheCorpus() throws IOException {
    List<Path> files = new ArrayList<>(Sources.javaFiles(Sources.SAMPLES));
    files.addAll(Sources.javaFiles(Sources.CORPUS));
    for (Path f : files) {
      assertSame(Files.readString(f), f.toString());
    }
  }

  /**
   * Mutants of the samples and corpus files, many of which do not parse or break a check. Parsing
   * them recurses as deep as they nest: on a thread with a large stack, as in the scanner.
   */
  @Test
  void sameTreesAndProblemsOnMutants() throws Throwable {
    Throwable[] failure = {null};
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                compareMutants();
              } catch (Throwable e) {
                failure[0] = e;
              }
            },
            "mutants",
            512L << 20);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private void compareMutants() throws IOException {
    List<Path> files = new ArrayList<>(Sources.javaFiles(Sources.SAMPLES));
    files.addAll(Sources.javaFiles(Sources.CORPUS));
    Random random = new Random(20_261_122L);
    Mutator mutator = new Mutator(random);
    int problems = 0;
    for (int i = 0; i < 300; i++) {
      String seed = Files.readString(files.get(random.nextInt(files.size())));
      Optional<Mutator.Mutant> structural = mutator.structural(seed, 4, 6);
      String text = i % 2 == 0 ? mutator.textual(seed, 3).text() : seed;
      if (i % 2 == 1 && structural.isPresent()) {
        text = structural.get().text();
      }
      if (assertSame(text, "mutant " + i)) {
        problems++;
      }
    }
    assertTrue(problems > 50, "only " + problems + " mutants with problems");
  }

  @Test
  void theFastPathIsInstalled() {
    List<String> scanner = processorClasses(JavaFrontEnd.configuration());
    assertNotEquals(
        processorClasses(standard()),
        scanner,
        "the scanner's configuration has JavaParser's own steps: FastValidation did not install");
    assertTrue(scanner.stream().anyMatch(c -> c.contains("FastValidation")), scanner.toString());
  }

  private static List<String> processorClasses(ParserConfiguration c) {
    List<String> out = new ArrayList<>();
    c.getProcessors().forEach(s -> out.add(s.get().getClass().getName()));
    return out;
  }

  /** Asserts both parsers agree on the text; returns whether it has problems. */
  private boolean assertSame(String source, String what) {
    ParseResult<CompilationUnit> expected = reference.parse(source);
    ParseResult<CompilationUnit> actual = scanner.parse(source);
    assertEquals(describe(expected.getProblems()), describe(actual.getProblems()), what);
    assertEquals(expected.isSuccessful(), actual.isSuccessful(), what);
    assertEquals(expected.getResult().isPresent(), actual.getResult().isPresent(), what);
    if (expected.getResult().isPresent()) {
      assertEquals(expected.getResult().get(), actual.getResult().get(), what);
      assertEquals(expected.getResult().get().toString(), actual.getResult().get().toString());
    }
    return !expected.getProblems().isEmpty();
  }

  private static List<String> describe(List<Problem> problems) {
    List<String> out = new ArrayList<>();
    for (Problem p : problems) {
      out.add(p.getVerboseMessage());
    }
    return out;
  }
}
