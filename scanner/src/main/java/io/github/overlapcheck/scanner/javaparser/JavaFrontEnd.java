package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.api.Win32Function;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The scanner's front end: parses sources with an explicitly configured JavaParser, indexes what
 * they declare, and analyses them (see {@link FrontEnd}). Parsing and analysis recurse as deep as
 * the code nests: callers run them on a thread with a large stack, and check {@link #depth} before
 * analysing.
 */
public final class JavaFrontEnd implements AutoCloseable {
  private final ApiModel api;
  private final SourceIndex index = new SourceIndex();
  private final Types types = new Types(index);
  private final JavaParser parser;
  private final JavaParser expressionParser;
  private Resolver resolver = Resolver.NONE;
  private SymbolSolverResolver solver;

  public JavaFrontEnd(ApiModel api) {
    this.api = api;
    this.parser = new JavaParser(configuration());
    this.expressionParser = new JavaParser(configuration().setStoreTokens(false));
  }

  /**
   * How the scanner parses: Java 21 syntax (records, switch expressions, text blocks, patterns), no
   * comment attribution, whose cost grows faster than the file on long constant files, and
   * JavaParser's Java 21 checks run in one walk of the tree ({@link FastValidation}).
   */
  public static ParserConfiguration configuration() {
    return FastValidation.install(
        new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21)
            .setAttributeComments(false)
            .setDoNotAssignCommentsPrecedingEmptyLines(true)
            .setLexicalPreservationEnabled(false)
            .setStoreTokens(true));
  }

  /** A parsed file, or why it could not be parsed (JavaParser's problem and its position). */
  public record Parsed(Optional<CompilationUnit> unit, Optional<String> problem) {}

  public Parsed parse(String source) {
    ParseResult<CompilationUnit> result = parser.parse(source);
    if (result.isSuccessful() && result.getResult().isPresent()) {
      return new Parsed(result.getResult(), Optional.empty());
    }
    List<Problem> problems = result.getProblems();
    if (problems.isEmpty()) {
      return new Parsed(Optional.empty(), Optional.of("cannot parse (no reason given)"));
    }
    Problem first = problems.get(0);
    String where =
        first
            .getLocation()
            .flatMap(l -> l.getBegin().getRange())
            .map(r -> r.begin.line + ":" + r.begin.column + ": ")
            .orElse("");
    String message = first.getMessage().strip();
    int eol = message.indexOf('\n');
    if (eol > 0) {
      message = message.substring(0, eol).strip();
    }
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "";
    return new Parsed(Optional.empty(), Optional.of(where + message + more));
  }

  /** Adds what a file declares to what later analyses know of types. */
  public void index(CompilationUnit cu) {
    index.add(cu);
  }

  /**
   * Resolves with the symbol solver over a classpath (jars, class directories, source roots) and
   * the package roots of the scanned sources.
   */
  public void useClasspath(List<Path> classpath, List<Path> sourceRoots, Consumer<String> warn) {
    solver = new SymbolSolverResolver(classpath, sourceRoots, configuration(), types, warn);
    resolver = solver;
  }

  /** The findings in a parsed file (its file name, for fingerprints). */
  public List<FrontEnd.Located> analyze(CompilationUnit cu, String fileName) {
    if (solver != null) {
      solver.solver().inject(cu);
    }
    return new FrontEnd(types, resolver, api, expressionParser).analyze(cu, fileName);
  }

  /** The package a file declares ("" for none). */
  public static String packageName(CompilationUnit cu) {
    return cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
  }

  /** How deep the tree nests (counted without recursion). */
  public static int depth(Node root) {
    Deque<Node> nodes = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    int max = 0;
    while (!nodes.isEmpty()) {
      Node n = nodes.pop();
      int d = depths.pop();
      max = Math.max(max, d);
      for (Node c : n.getChildNodes()) {
        nodes.push(c);
        depths.push(d + 1);
      }
    }
    return max;
  }

  /**
   * Whether a source text mentions a name that may be a modelled call: a file that does not is
   * indexed but not analysed. The names are what the pattern {@code [A-Za-z_$][A-Za-z0-9_$]*} finds
   * in the text, one after the other: each maximal run of ASCII letters, digits, {@code _} and
   * {@code $}, without its leading digits. Only those whose length and first letter a modelled name
   * can have are looked up.
   */
  public static boolean mentionsCandidate(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isWordChar(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isWordChar(text.charAt(i))) {
        i++;
      }
      while (start < i && text.charAt(start) >= '0' && text.charAt(start) <= '9') {
        start++;
      }
      int length = i - start;
      if (length >= CANDIDATES.minLength()
          && length <= CANDIDATES.maxLength()
          && CANDIDATES.firstChars().indexOf(text.charAt(start)) >= 0
          && Win32Function.isCandidateName(text.substring(start, i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '$';
  }

  /** Bounds on the names {@link Win32Function#isCandidateName} can accept. */
  private record CandidateBounds(int minLength, int maxLength, String firstChars) {
    static CandidateBounds of() {
      int min = Integer.MAX_VALUE;
      int max = 0;
      StringBuilder first = new StringBuilder();
      for (Win32Function f : Win32Function.values()) {
        String name = f.name();
        min = Math.min(min, name.length());
        // The A and W forms are one letter longer.
        max = Math.max(max, name.length() + 1);
        if (first.indexOf(name.substring(0, 1)) < 0) {
          first.append(name.charAt(0));
        }
      }
      return new CandidateBounds(min, max, first.toString());
    }
  }

  private static final CandidateBounds CANDIDATES = CandidateBounds.of();

  @Override
  public void close() {
    if (solver != null) {
      solver.close();
    }
  }
}
