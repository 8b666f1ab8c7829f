package io.github.overlapcheck.scanner;

import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.rules.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javassist.bytecode.AnnotationsAttribute;
import javassist.bytecode.ClassFile;
import javassist.bytecode.annotation.Annotation;
import javassist.bytecode.annotation.MemberValue;
import javassist.bytecode.annotation.StringMemberValue;

/**
 * What SARIF says about each rule: its name, summary and documentation link. They are read from the
 * plugin's {@code @BugPattern} on the check of the same name (from its class file, without loading
 * the class, whose Error Prone superclass is not on the scanner's classpath), so the two front ends
 * describe a rule the same way. The rule list itself is {@link Rules#ALL}.
 */
public record RuleInfo(String name, String summary, String helpUri) {
  private static final String CHECKS = "io/github/overlapcheck/errorprone/";
  private static final String BUG_PATTERN = "com.google.errorprone.BugPattern";

  /** Where rule pages live when a check's link cannot be read. */
  static final String DOCS = "https://github.com/overlapcheck/overlapcheck/blob/main/docs/rules/";

  public static List<RuleInfo> all() {
    List<RuleInfo> out = new ArrayList<>();
    for (Rule r : Rules.ALL) {
      out.add(of(r.name()));
    }
    return out;
  }

  static RuleInfo of(String name) {
    Optional<Annotation> pattern = bugPattern(name);
    String summary = pattern.flatMap(a -> string(a, "summary")).orElse(name);
    String link = pattern.flatMap(a -> string(a, "link")).orElse(DOCS + name + ".md");
    return new RuleInfo(name, summary, link);
  }

  private static Optional<Annotation> bugPattern(String name) {
    try (InputStream in =
        RuleInfo.class.getClassLoader().getResourceAsStream(CHECKS + name + ".class")) {
      if (in == null) {
        return Optional.empty();
      }
      ClassFile cf = new ClassFile(new java.io.DataInputStream(in));
      AnnotationsAttribute visible =
          (AnnotationsAttribute) cf.getAttribute(AnnotationsAttribute.visibleTag);
      AnnotationsAttribute invisible =
          (AnnotationsAttribute) cf.getAttribute(AnnotationsAttribute.invisibleTag);
      for (AnnotationsAttribute attr : new AnnotationsAttribute[] {visible, invisible}) {
        if (attr != null && attr.getAnnotation(BUG_PATTERN) != null) {
          return Optional.of(attr.getAnnotation(BUG_PATTERN));
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> string(Annotation a, String member) {
    MemberValue v = a.getMemberValue(member);
    return v instanceof StringMemberValue s ? Optional.of(s.getValue()) : Optional.empty();
  }
}
