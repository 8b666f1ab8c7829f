package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Processor;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.validator.ProblemReporter;
import com.github.javaparser.ast.validator.SingleNodeTypeValidator;
import com.github.javaparser.ast.validator.TreeVisitorValidator;
import com.github.javaparser.ast.validator.TypedValidator;
import com.github.javaparser.ast.validator.Validator;
import com.github.javaparser.ast.validator.Validators;
import com.github.javaparser.ast.validator.language_level_validations.Java21Validator;
import com.github.javaparser.ast.validator.postprocessors.Java21PostProcessor;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Java 21 checks JavaParser runs after parsing, with the same outcome in less time.
 *
 * <p>JavaParser's {@link Java21Validator} is a list of 24 checks (in JavaParser 3.28.2), and each
 * walks the whole tree on its own: 14 with {@code findAll} for one node type, 5 with a recursive
 * walk, 5 as visitors. On JNA's sources that was about a quarter of the scanner's time. Here the 19
 * checks of single nodes among them (every {@link TreeVisitorValidator} and {@link
 * SingleNodeTypeValidator} in the list, the same objects) run in one walk of the tree, and the
 * visitors run as they are. That answers one question exactly: does any check report a problem?
 * Each check is asked about the same nodes as in JavaParser's own run. Only when one does,
 * JavaParser's validator runs as usual and reports the problems, in its order and with its
 * messages; so what is reported is what JavaParser reports, and a file without problems (nearly
 * all) is checked once, in less time. The one difference: the walk is a loop, where JavaParser's
 * recursive walk can overflow the stack on a tree nested hundreds of thousands deep (the scanner
 * then reports the file as nested too deeply, either way).
 *
 * <p>The check runs in place of the language-level step of the configuration's processors (which
 * post-processes the tree for Java 21 and then validates it), found by what it does: it is the only
 * default step that reports a problem in a tree that parsed. If that step cannot be found, or a
 * check's parts cannot be read (another JavaParser version), the configuration is left as it is.
 */
final class FastValidation {
  private FastValidation() {}

  /**
   * Replaces the configuration's language-level step, if it is JavaParser 3.28's for Java 21. The
   * replacement always does Java 21's: the configuration's language level must not change after.
   */
  static ParserConfiguration install(ParserConfiguration config) {
    if (config.getLanguageLevel() != ParserConfiguration.LanguageLevel.JAVA_21) {
      return config;
    }
    Optional<Plan> plan = Plan.of(new Java21Validator());
    if (plan.isEmpty()) {
      return config;
    }
    List<Supplier<Processor>> processors = config.getProcessors();
    int step = languageLevelStep(config);
    if (step < 0) {
      return config;
    }
    Step replacement = new Step(plan.get());
    processors.set(step, () -> replacement);
    return config;
  }

  /**
   * The index of the default processor that validates for the language level: the only one that
   * reports a problem in a tree that parsed but breaks a Java 21 rule; -1 if there is not exactly
   * one.
   */
  private static int languageLevelStep(ParserConfiguration config) {
    List<Supplier<Processor>> processors = config.getProcessors();
    int found = -1;
    for (int i = 0; i < processors.size(); i++) {
      ParseResult<Node> probe = probe();
      try {
        processors.get(i).get().postProcess(probe, config);
      } catch (RuntimeException e) {
        // A step that needs its pre-processing (line endings) cannot run alone: not this one.
        continue;
      }
      if (!probe.getProblems().isEmpty()) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    return found;
  }

  /** A tree that parses but that the Java 21 checks reject (a try with nothing after it). */
  private static ParseResult<Node> probe() {
    com.github.javaparser.ast.stmt.TryStmt bare = new com.github.javaparser.ast.stmt.TryStmt();
    com.github.javaparser.ast.CompilationUnit cu = new com.github.javaparser.ast.CompilationUnit();
    cu.addClass("Probe").addMethod("probe").getBody().orElseThrow().addStatement(bare);
    return new ParseResult<>(cu, new ArrayList<>(), null);
  }

  /**
   * The language-level step: Java 21's post-processing, then the checks. Like JavaParser's language
   * level, it keeps one post-processor and one validator for every parse (neither keeps state
   * between parses).
   */
  private static final class Step extends Processor {
    private final Plan plan;
    private final Java21PostProcessor postProcessor = new Java21PostProcessor();
    private final Java21Validator validator = new Java21Validator();

    Step(Plan plan) {
      this.plan = plan;
    }

    @Override
    public void postProcess(ParseResult<? extends Node> result, ParserConfiguration configuration) {
      postProcessor.postProcess(result, configuration);
      // As JavaParser's step does: no tree is an error here too.
      Node root = result.getResult().get();
      if (plan.anyProblem(root)) {
        validator.accept(root, new ProblemReporter(problem -> result.getProblems().add(problem)));
      }
    }
  }

  /** The checks, split into those that look at one node at a time and the rest. */
  private record Plan(List<PerNode> perNode, List<Validator> whole) {
    /** A check of single nodes: all nodes, or those of one type. */
    private record PerNode(Class<?> type, Validator check) {}

    static Optional<Plan> of(Validators validators) {
      List<PerNode> perNode = new ArrayList<>();
      List<Validator> whole = new ArrayList<>();
      try {
        split(validators, perNode, whole);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return Optional.empty();
      }
      return Optional.of(new Plan(List.copyOf(perNode), List.copyOf(whole)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void split(Validators validators, List<PerNode> perNode, List<Validator> whole)
        throws ReflectiveOperationException {
      for (Validator v : validators.getValidators()) {
        if (v instanceof TreeVisitorValidator) {
          // Its accept is final: the wrapped check, on every node.
          perNode.add(new PerNode(Node.class, (Validator) field(v, "validator")));
        } else if (v instanceof SingleNodeTypeValidator<?> s
            && acceptDeclaredBy(v, SingleNodeTypeValidator.class)) {
          Class<?> type = (Class<?>) field(s, "type");
          TypedValidator typed = (TypedValidator) field(s, "validator");
          perNode.add(new PerNode(type, (node, reporter) -> typed.accept(node, reporter)));
        } else if (v instanceof Validators nested && acceptDeclaredBy(v, Validators.class)) {
          split(nested, perNode, whole);
        } else {
          whole.add(v);
        }
      }
    }

    /** Whether the validator's {@code accept} is the one {@code type} declares (not overridden). */
    private static boolean acceptDeclaredBy(Validator v, Class<?> type)
        throws ReflectiveOperationException {
      return v.getClass().getMethod("accept", Node.class, ProblemReporter.class).getDeclaringClass()
          == type;
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
      Class<?> c = owner.getClass();
      while (c != null) {
        try {
          Field f = c.getDeclaredField(name);
          f.setAccessible(true);
          Object value = f.get(owner);
          if (value == null) {
            throw new NoSuchFieldException(name + " is null");
          }
          return value;
        } catch (NoSuchFieldException e) {
          c = c.getSuperclass();
        }
      }
      throw new NoSuchFieldException(name);
    }

    /**
     * Whether any check reports a problem in the tree, or fails: either way JavaParser's own
     * validator then runs and decides what is reported.
     */
    boolean anyProblem(Node root) {
      try {
        return reports(root);
      } catch (RuntimeException e) {
        return true;
      }
    }

    private boolean reports(Node root) {
      boolean[] reported = {false};
      ProblemReporter reporter = new ProblemReporter(problem -> reported[0] = true);
      for (Validator v : whole) {
        v.accept(root, reporter);
        if (reported[0]) {
          return true;
        }
      }
      Deque<Node> todo = new ArrayDeque<>();
      todo.push(root);
      while (!todo.isEmpty()) {
        Node n = todo.pop();
        for (PerNode c : perNode) {
          if (c.type().isInstance(n)) {
            c.check().accept(n, reporter);
          }
        }
        if (reported[0]) {
          return true;
        }
        List<Node> children = n.getChildNodes();
        for (int i = children.size() - 1; i >= 0; i--) {
          todo.push(children.get(i));
        }
      }
      return false;
    }
  }
}
