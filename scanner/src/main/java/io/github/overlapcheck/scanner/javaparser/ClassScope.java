package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A class as the lowering sees it: a type declaration, an anonymous class body or an enum
 * constant's body, with its members, its supertypes, and the classes around it.
 */
final class ClassScope {
  /** The declaring node: a TypeDeclaration, ObjectCreationExpr or EnumConstantDeclaration. */
  final Node node;

  final String qualifiedName;
  final String simpleName;
  final boolean isInterface;
  final List<BodyDeclaration<?>> members;
  final List<String> supertypes;
  final Optional<ClassScope> outer;

  /** Names of locals and parameters of the methods this class is declared in (captured ones). */
  final Set<String> capturedLocals;

  private ClassScope(
      Node node,
      String qualifiedName,
      String simpleName,
      boolean isInterface,
      List<BodyDeclaration<?>> members,
      List<String> supertypes,
      Optional<ClassScope> outer,
      Set<String> capturedLocals) {
    this.node = node;
    this.qualifiedName = qualifiedName;
    this.simpleName = simpleName;
    this.isInterface = isInterface;
    this.members = members;
    this.supertypes = supertypes;
    this.outer = outer;
    this.capturedLocals = capturedLocals;
  }

  /** Whether a node declares a class (its members are a class's). */
  static boolean isClass(Node n) {
    return n instanceof TypeDeclaration<?>
        || (n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent())
        || (n instanceof EnumConstantDeclaration e && !e.getClassBody().isEmpty());
  }

  /** The class a node is in (the nearest enclosing class declaration). */
  static Optional<Node> enclosingClassNode(Node n) {
    Optional<Node> p = n.getParentNode();
    while (p.isPresent()) {
      Node q = p.get();
      if (isClass(q) && !(q instanceof ObjectCreationExpr o && isInArguments(n, o))) {
        return p;
      }
      p = q.getParentNode();
    }
    return Optional.empty();
  }

  /** A node among the arguments or scope of an allocation is not inside its anonymous body. */
  // Nodes are compared as the same node, not as equal trees: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private static boolean isInArguments(Node n, ObjectCreationExpr o) {
    Node cur = n;
    while (cur.getParentNode().isPresent() && cur.getParentNode().get() != o) {
      cur = cur.getParentNode().get();
    }
    Node child = cur;
    return o.getAnonymousClassBody().map(b -> !b.contains(child)).orElse(true);
  }

  static ClassScope of(Node classNode, Types types, FileContext ctx) {
    Optional<ClassScope> outer = enclosingClassNode(classNode).map(o -> of(o, types, ctx));
    String outerName = outer.map(o -> o.qualifiedName).orElse(ctx.packageName);
    Optional<String> outerQ = outer.map(o -> o.qualifiedName);
    List<String> supers = new ArrayList<>();
    String simple;
    boolean isInterface = false;
    List<BodyDeclaration<?>> members = new ArrayList<>();
    if (classNode instanceof TypeDeclaration<?> t) {
      simple = t.getNameAsString();
      members.addAll(t.getMembers());
      NodeList<ClassOrInterfaceType> written = new NodeList<>();
      if (t instanceof ClassOrInterfaceDeclaration c) {
        isInterface = c.isInterface();
        written.addAll(c.getExtendedTypes());
        written.addAll(c.getImplementedTypes());
      } else if (t instanceof EnumDeclaration e) {
        written.addAll(e.getImplementedTypes());
      } else if (t instanceof RecordDeclaration r) {
        written.addAll(r.getImplementedTypes());
      } else {
        isInterface = t.isAnnotationDeclaration();
      }
      boolean local =
          outer.isPresent()
              && !(t.getParentNode().orElse(null) instanceof TypeDeclaration<?>)
              && !(t.getParentNode().orElse(null) instanceof ObjectCreationExpr)
              && !(t.getParentNode().orElse(null) instanceof EnumConstantDeclaration);
      String q = local ? simple : outerName.isEmpty() ? simple : outerName + "." + simple;
      for (ClassOrInterfaceType s : written) {
        supers.add(types.resolve(SourceIndex.typeText(s), ctx, Optional.of(q)).name());
      }
      return new ClassScope(
          classNode, q, simple, isInterface, members, supers, outer, captured(classNode));
    }
    if (classNode instanceof ObjectCreationExpr o) {
      members.addAll(o.getAnonymousClassBody().orElseThrow());
      supers.add(types.resolve(SourceIndex.typeText(o.getType()), ctx, outerQ).name());
    } else if (classNode instanceof EnumConstantDeclaration e) {
      members.addAll(e.getClassBody());
      outer.ifPresent(x -> supers.add(x.qualifiedName));
    }
    return new ClassScope(classNode, "", "", false, members, supers, outer, captured(classNode));
  }

  /** Locals and parameters of the methods and lambdas around a local or anonymous class. */
  private static Set<String> captured(Node classNode) {
    Set<String> names = new LinkedHashSet<>();
    Optional<Node> p = classNode.getParentNode();
    while (p.isPresent()) {
      Node q = p.get();
      if (q instanceof com.github.javaparser.ast.expr.LambdaExpr l) {
        l.getParameters().forEach(param -> names.add(param.getNameAsString()));
      }
      if (q instanceof CallableDeclaration<?> c) {
        for (Parameter param : c.getParameters()) {
          names.add(param.getNameAsString());
        }
        c.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString()));
        break;
      }
      if (q instanceof com.github.javaparser.ast.body.InitializerDeclaration i) {
        i.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString()));
        break;
      }
      if (isClass(q)) {
        break;
      }
      p = q.getParentNode();
    }
    return names;
  }

  /** The fields this class declares, by name (not inherited ones). */
  Optional<VariableDeclarator> declaredField(String name) {
    for (BodyDeclaration<?> m : members) {
      if (m instanceof FieldDeclaration f) {
        for (VariableDeclarator v : f.getVariables()) {
          if (v.getNameAsString().equals(name)) {
            return Optional.of(v);
          }
        }
      }
    }
    if (node instanceof RecordDeclaration r) {
      for (Parameter p : r.getParameters()) {
        if (p.getNameAsString().equals(name)) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  boolean declaresRecordComponent(String name) {
    return node instanceof RecordDeclaration r
        && r.getParameters().stream().anyMatch(p -> p.getNameAsString().equals(name));
  }

  /** Methods this class declares with this name (any arity when arity is negative). */
  List<CallableDeclaration<?>> declaredMethods(String name, int arity) {
    List<CallableDeclaration<?>> out = new ArrayList<>();
    for (BodyDeclaration<?> m : members) {
      if (m instanceof MethodDeclaration md
          && md.getNameAsString().equals(name)
          && (arity < 0 || fits(md, arity))) {
        out.add(md);
      }
    }
    return out;
  }

  List<ConstructorDeclaration> constructors() {
    List<ConstructorDeclaration> out = new ArrayList<>();
    for (BodyDeclaration<?> m : members) {
      if (m instanceof ConstructorDeclaration c) {
        out.add(c);
      }
    }
    return out;
  }

  static boolean fits(CallableDeclaration<?> m, int arity) {
    int n = m.getParameters().size();
    boolean varargs = n > 0 && m.getParameter(n - 1).isVarArgs();
    return n == arity || (varargs && arity >= n - 1);
  }

  boolean isStaticMember(BodyDeclaration<?> m) {
    return SourceIndex.isStatic(m, isInterface);
  }
}
