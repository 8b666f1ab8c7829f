package io.github.overlapcheck.scanner;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Mutates Java sources for the fuzzer, deterministically from a {@link Random}. Two kinds:
 *
 * <ul>
 *   <li>{@link #structural}: on the syntax tree, so that the result still parses and often still
 *       compiles (statements deleted, duplicated, swapped and moved; statements wrapped in loops,
 *       try blocks, lambdas, labels, switches, many levels deep; call arguments swapped or made
 *       null; constants and conditions changed; method bodies cut short). javac stops at a parse
 *       error before any check runs, so these are what reach the plugin's front end.
 *   <li>{@link #textual}: on the characters (truncation, deleted and duplicated spans, inserted
 *       tokens, unbalanced brackets), mostly giving files that do not parse: for the scanner, which
 *       must report them and go on.
 * </ul>
 */
final class Mutator {
  /** A mutated source and the mutations that made it, for the report. */
  record Mutant(String text, List<String> mutations) {}

  private static final String[] TOKENS = {
    "{",
    "}",
    "(",
    ")",
    ";",
    "\"",
    "'",
    "/*",
    "*/",
    "//",
    "\n",
    "@",
    "->",
    "::",
    "<",
    ">",
    "[",
    "]",
    ",",
    ".",
    "=",
    "\"\"\"",
    "\\u0041",
    "\u00e9",
    "\uD83D\uDE00",
    "\u0000",
    "else",
    "case 1:",
    "yield",
    "default ->",
    "record R() {}",
    "new ",
    "return",
    "throw ",
    "class",
    "static",
    "var",
    "final",
    "this",
    "super",
    "instanceof",
    "switch",
    "synchronized",
    "0x",
    "1L",
    "1e",
    "null"
  };

  private final JavaParser parser =
      new JavaParser(
          new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
  private final Random random;
  private int names;

  Mutator(Random random) {
    this.random = random;
  }

  /** The source after 1 to {@code maxMutations} syntax-preserving mutations, if it parses. */
  Optional<Mutant> structural(String source, int maxMutations, int maxNesting) {
    ParseResult<CompilationUnit> parsed = parser.parse(source);
    if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
      return Optional.empty();
    }
    CompilationUnit cu = parsed.getResult().get();
    List<String> done = new ArrayList<>();
    int count = 1 + random.nextInt(maxMutations);
    for (int i = 0; i < count * 4 && done.size() < count; i++) {
      String applied = once(cu, maxNesting);
      if (applied != null) {
        done.add(applied);
      }
    }
    if (done.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Mutant(cu.toString(), done));
  }

  /** The source after 1 to {@code maxMutations} character-level mutations. */
  Mutant textual(String source, int maxMutations) {
    StringBuilder s = new StringBuilder(source);
    List<String> done = new ArrayList<>();
    int count = 1 + random.nextInt(maxMutations);
    for (int i = 0; i < count; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length());
      switch (random.nextInt(7)) {
        case 0 -> {
          s.setLength(at);
          done.add("truncate@" + at);
        }
        case 1 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(60));
          s.delete(at, end);
          done.add("delete@" + at + "+" + (end - at));
        }
        case 2 -> {
          String token = TOKENS[random.nextInt(TOKENS.length)];
          s.insert(at, token);
          done.add("insert@" + at + ":" + token.replace("\n", "\\n"));
        }
        case 3 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(200));
          String span = s.substring(at, end);
          s.insert(end, span);
          done.add("duplicate@" + at + "+" + (end - at));
        }
        case 4 -> {
          int depth = 1 + random.nextInt(400);
          boolean braces = random.nextBoolean();
          String open = braces ? "{" : "(";
          String close = braces ? "}" : ")";
          s.insert(at, open.repeat(depth) + (braces ? "" : "x") + close.repeat(depth));
          done.add("nest@" + at + ":" + open + "*" + depth);
        }
        case 5 -> {
          String[] lines = s.toString().split("\n", -1);
          if (lines.length > 2) {
            int a = random.nextInt(lines.length);
            int b = random.nextInt(lines.length);
            String t = lines[a];
            lines[a] = lines[b];
            lines[b] = t;
            s = new StringBuilder(String.join("\n", lines));
            done.add("swap-lines " + (a + 1) + "," + (b + 1));
          }
        }
        default -> {
          int depth = 1 + random.nextInt(30);
          s.insert(at, "{".repeat(depth));
          done.add("unbalanced@" + at + ":{*" + depth);
        }
      }
    }
    return new Mutant(s.toString(), done);
  }

  /** One structural mutation somewhere in the unit; its name, or null if none applied. */
  private String once(CompilationUnit cu, int maxNesting) {
    return switch (random.nextInt(15)) {
      case 0, 14 -> inBlock(cu, this::deleteStatement);
      case 1 -> inBlock(cu, this::duplicateStatement);
      case 2 -> inBlock(cu, this::swapStatements);
      case 3 -> inBlock(cu, this::moveStatement);
      case 4, 5 -> inBlock(cu, b -> wrapStatement(b, 1));
      case 6 -> inBlock(cu, b -> wrapStatement(b, 2 + random.nextInt(Math.max(1, maxNesting))));
      case 7 -> swapArguments(cu);
      case 8 -> nullArgument(cu);
      case 9 -> changeConstant(cu);
      case 10 -> changeCondition(cu);
      case 11 -> truncateBody(cu);
      case 12 -> inBlock(cu, this::wrapInLambda);
      default -> wrapBody(cu);
    };
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private String inBlock(CompilationUnit cu, Function<BlockStmt, String> mutation) {
    List<BlockStmt> blocks = new ArrayList<>();
    for (BlockStmt b : cu.findAll(BlockStmt.class)) {
      if (!b.getStatements().isEmpty()) {
        blocks.add(b);
      }
    }
    return blocks.isEmpty() ? null : mutation.apply(pick(blocks));
  }

  private static boolean declares(Statement s) {
    return (s.isExpressionStmt()
            && s.asExpressionStmt().getExpression().isVariableDeclarationExpr())
        || s.isLocalClassDeclarationStmt()
        || s.isLocalRecordDeclarationStmt();
  }

  private String deleteStatement(BlockStmt b) {
    NodeList<Statement> stmts = b.getStatements();
    int i = random.nextInt(stmts.size());
    stmts.remove(i);
    return "delete-statement";
  }

  private String duplicateStatement(BlockStmt b) {
    NodeList<Statement> stmts = b.getStatements();
    int i = random.nextInt(stmts.size());
    if (declares(stmts.get(i))) {
      return null;
    }
    stmts.add(i + 1, stmts.get(i).clone());
    return "duplicate-statement";
  }

  private String swapStatements(BlockStmt b) {
    NodeList<Statement> stmts = b.getStatements();
    if (stmts.size() < 2) {
      return null;
    }
    int i = random.nextInt(stmts.size() - 1);
    Statement first = stmts.get(i).clone();
    Statement second = stmts.get(i + 1).clone();
    stmts.set(i, second);
    stmts.set(i + 1, first);
    return "swap-statements";
  }

  private String moveStatement(BlockStmt b) {
    NodeList<Statement> stmts = b.getStatements();
    if (stmts.size() < 2) {
      return null;
    }
    int from = random.nextInt(stmts.size());
    Statement s = stmts.get(from).clone();
    stmts.remove(from);
    stmts.add(random.nextInt(stmts.size() + 1), s);
    return "move-statement";
  }

  /** The statement inside {@code levels} constructs chosen at random, one inside the other. */
  private String wrapStatement(BlockStmt b, int levels) {
    NodeList<Statement> stmts = b.getStatements();
    int i = random.nextInt(stmts.size());
    Statement s = stmts.get(i);
    if (declares(s)) {
      return null;
    }
    String text = s.toString();
    List<String> kinds = new ArrayList<>();
    for (int l = 0; l < levels; l++) {
      String name = "fz" + names++;
      String kind;
      switch (random.nextInt(9)) {
        case 0 -> {
          kind = "for";
          text = "for (int " + name + " = 0; " + name + " < 2; " + name + "++) {\n" + text + "\n}";
        }
        case 1 -> {
          kind = "do-while";
          text = "do {\n" + text + "\n} while (System.nanoTime() < 0L);";
        }
        case 2 -> {
          kind = "try-finally";
          text = "try {\n" + text + "\n} finally {\n}";
        }
        case 3 -> {
          kind = "try-catch";
          text = "try {\n" + text + "\n} catch (RuntimeException " + name + ") {\n}";
        }
        case 4 -> {
          kind = "if";
          text = "if (System.nanoTime() > 0L) {\n" + text + "\n}";
        }
        case 5 -> {
          kind = "label";
          text = name + ": {\n" + text + "\n}";
        }
        case 6 -> {
          kind = "switch";
          text =
              "switch ((int) (System.nanoTime() & 1L)) {\ncase 0 -> {\n"
                  + text
                  + "\n}\ndefault -> {\n}\n}";
        }
        case 7 -> {
          kind = "synchronized";
          text = "synchronized (Object.class) {\n" + text + "\n}";
        }
        default -> {
          kind = "block";
          text = "{\n" + text + "\n}";
        }
      }
      kinds.add(kind);
    }
    ParseResult<Statement> wrapped = parser.parseStatement(text);
    if (!wrapped.isSuccessful() || wrapped.getResult().isEmpty()) {
      return null;
    }
    stmts.set(i, wrapped.getResult().get());
    return levels == 1 ? "wrap-" + kinds.get(0) : "nest-" + levels;
  }

  private String wrapInLambda(BlockStmt b) {
    NodeList<Statement> stmts = b.getStatements();
    int i = random.nextInt(stmts.size());
    Statement s = stmts.get(i);
    if (declares(s) || s instanceof ReturnStmt) {
      return null;
    }
    String name = "fz" + names++;
    ParseResult<Statement> lambda =
        parser.parseStatement("Runnable " + name + " = () -> {\n" + s + "\n};");
    ParseResult<Statement> run = parser.parseStatement(name + ".run();");
    if (!lambda.isSuccessful() || !run.isSuccessful()) {
      return null;
    }
    stmts.set(i, lambda.getResult().get());
    if (random.nextBoolean()) {
      stmts.add(i + 1, run.getResult().get());
    }
    return "wrap-lambda";
  }

  /** A whole method body inside a construct (a try, a loop), many levels deep at times. */
  private String wrapBody(CompilationUnit cu) {
    List<BlockStmt> bodies = new ArrayList<>();
    for (CallableDeclaration<?> c : cu.findAll(CallableDeclaration.class)) {
      Optional<BlockStmt> body =
          c instanceof MethodDeclaration m
              ? m.getBody()
              : Optional.of(((ConstructorDeclaration) c).getBody());
      // A constructor's this(...)/super(...) call must stay first.
      if (body.isPresent()
          && !body.get().getStatements().isEmpty()
          && !body.get().getStatements().get(0).isExplicitConstructorInvocationStmt()) {
        bodies.add(body.get());
      }
    }
    if (bodies.isEmpty()) {
      return null;
    }
    BlockStmt body = pick(bodies);
    String text = body.toString();
    String prefix = random.nextBoolean() ? "try " : "";
    String suffix = prefix.isEmpty() ? "" : " finally {\n}";
    ParseResult<Statement> wrapped = parser.parseStatement(prefix + text + suffix);
    if (!wrapped.isSuccessful() || wrapped.getResult().isEmpty()) {
      return null;
    }
    NodeList<Statement> only = new NodeList<>();
    only.add(wrapped.getResult().get());
    body.setStatements(only);
    return prefix.isEmpty() ? "wrap-body-block" : "wrap-body-try";
  }

  private String swapArguments(CompilationUnit cu) {
    List<MethodCallExpr> calls = new ArrayList<>();
    for (MethodCallExpr c : cu.findAll(MethodCallExpr.class)) {
      if (c.getArguments().size() >= 2) {
        calls.add(c);
      }
    }
    if (calls.isEmpty()) {
      return null;
    }
    MethodCallExpr call = pick(calls);
    NodeList<Expression> args = call.getArguments();
    int a = random.nextInt(args.size());
    int b = random.nextInt(args.size());
    if (a == b) {
      return null;
    }
    Expression first = args.get(a).clone();
    Expression second = args.get(b).clone();
    args.set(a, second);
    args.set(b, first);
    return "swap-arguments " + call.getNameAsString();
  }

  private String nullArgument(CompilationUnit cu) {
    List<MethodCallExpr> calls = new ArrayList<>();
    for (MethodCallExpr c : cu.findAll(MethodCallExpr.class)) {
      if (!c.getArguments().isEmpty()) {
        calls.add(c);
      }
    }
    if (calls.isEmpty()) {
      return null;
    }
    MethodCallExpr call = pick(calls);
    int a = random.nextInt(call.getArguments().size());
    call.getArguments().set(a, new NullLiteralExpr());
    return "null-argument " + call.getNameAsString();
  }

  private String changeConstant(CompilationUnit cu) {
    List<Node> constants = new ArrayList<>();
    constants.addAll(cu.findAll(IntegerLiteralExpr.class));
    constants.addAll(cu.findAll(BooleanLiteralExpr.class));
    List<Expression> capitals = new ArrayList<>();
    for (FieldAccessExpr f : cu.findAll(FieldAccessExpr.class)) {
      if (f.getNameAsString().matches("[A-Z][A-Z0-9_]+")) {
        capitals.add(f);
      }
    }
    for (NameExpr n : cu.findAll(NameExpr.class)) {
      if (n.getNameAsString().matches("[A-Z][A-Z0-9_]+")) {
        capitals.add(n);
      }
    }
    constants.addAll(capitals);
    if (constants.isEmpty()) {
      return null;
    }
    Node target = pick(constants);
    Expression replacement;
    if (target instanceof BooleanLiteralExpr bool) {
      replacement = new BooleanLiteralExpr(!bool.getValue());
    } else if (!capitals.isEmpty() && random.nextBoolean()) {
      replacement = pick(capitals).clone();
    } else {
      String[] values = {"0", "1", "2", "997", "2147483647", "0xFFFFFFFF"};
      replacement = new IntegerLiteralExpr(values[random.nextInt(values.length)]);
      if (random.nextInt(4) == 0) {
        replacement = new UnaryExpr(replacement, UnaryExpr.Operator.MINUS);
      }
    }
    if (target.getParentNode().isEmpty() || !target.replace(replacement)) {
      return null;
    }
    return "change-constant";
  }

  private String changeCondition(CompilationUnit cu) {
    List<IfStmt> ifs = cu.findAll(IfStmt.class);
    if (ifs.isEmpty()) {
      return null;
    }
    IfStmt s = pick(ifs);
    switch (random.nextInt(3)) {
      case 0 -> {
        s.setCondition(
            new UnaryExpr(
                new EnclosedExpr(s.getCondition().clone()), UnaryExpr.Operator.LOGICAL_COMPLEMENT));
        return "negate-condition";
      }
      case 1 -> {
        if (s.getElseStmt().isEmpty()) {
          return null;
        }
        s.removeElseStmt();
        return "remove-else";
      }
      default -> {
        if (s.getElseStmt().isEmpty()) {
          return null;
        }
        Statement then = s.getThenStmt().clone();
        Statement otherwise = s.getElseStmt().get().clone();
        s.setThenStmt(otherwise);
        s.setElseStmt(then);
        return "swap-branches";
      }
    }
  }

  /** A method body cut after a random statement, with a throw so that it still compiles. */
  private String truncateBody(CompilationUnit cu) {
    List<BlockStmt> bodies = new ArrayList<>();
    for (MethodDeclaration m : cu.findAll(MethodDeclaration.class)) {
      m.getBody().filter(b -> b.getStatements().size() > 1).ifPresent(bodies::add);
    }
    if (bodies.isEmpty()) {
      return null;
    }
    BlockStmt body = pick(bodies);
    NodeList<Statement> stmts = body.getStatements();
    int keep = random.nextInt(stmts.size());
    while (stmts.size() > keep) {
      stmts.remove(stmts.size() - 1);
    }
    boolean ends =
        !stmts.isEmpty()
            && (stmts.get(stmts.size() - 1) instanceof ReturnStmt
                || stmts.get(stmts.size() - 1) instanceof ThrowStmt);
    if (!ends) {
      parser
          .parseStatement("throw new UnsupportedOperationException(\"cut short\");")
          .getResult()
          .ifPresent(stmts::add);
    }
    return "truncate-body@" + keep;
  }
}
