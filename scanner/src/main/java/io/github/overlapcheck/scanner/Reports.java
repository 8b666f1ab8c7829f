package io.github.overlapcheck.scanner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The output formats: javac-like text, and SARIF 2.1.0. */
final class Reports {
  static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String FINGERPRINT_KEY = "overlapcheck/v1";
  static final String INFORMATION_URI = "https://github.com/overlapcheck/overlapcheck";

  private Reports() {}

  /** One line per finding, {@code file:line:col: [Rule] message}, as javac prints warnings. */
  static String text(List<ScanFinding> findings) {
    StringBuilder out = new StringBuilder();
    for (ScanFinding f : findings) {
      out.append(f.display()).append(System.lineSeparator());
    }
    return out.toString();
  }

  /**
   * A SARIF 2.1.0 log with one run: the rules (id, summary, help link), the results with their
   * locations relative to the scanned roots (one uriBaseId per root), fingerprints that do not
   * depend on line numbers, and the skipped inputs as tool notifications.
   */
  static String sarif(
      List<ScanFinding> findings,
      List<Problem> problems,
      List<RuleInfo> rules,
      String version,
      boolean complete) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode log = json.createObjectNode();
    log.put("$schema", SARIF_SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "overlapcheck");
    driver.put("version", version);
    driver.put("informationUri", INFORMATION_URI);
    ArrayNode ruleArray = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    for (RuleInfo r : rules) {
      ruleIndex.put(r.name(), ruleIndex.size());
      ObjectNode rule = ruleArray.addObject();
      rule.put("id", r.name());
      rule.putObject("shortDescription").put("text", r.summary());
      rule.put("helpUri", r.helpUri());
      rule.putObject("defaultConfiguration").put("level", "warning");
    }
    Map<Path, String> baseIds = new LinkedHashMap<>();
    for (ScanFinding f : findings) {
      baseIds.computeIfAbsent(
          f.root().toAbsolutePath().normalize(),
          r -> baseIds.isEmpty() ? "SRCROOT" : "SRCROOT" + (baseIds.size() + 1));
    }
    if (!baseIds.isEmpty()) {
      ObjectNode bases = run.putObject("originalUriBaseIds");
      baseIds.forEach(
          (root, id) -> {
            String uri = root.toUri().toString();
            bases.putObject(id).put("uri", uri.endsWith("/") ? uri : uri + "/");
          });
    }
    ArrayNode results = run.putArray("results");
    for (ScanFinding f : findings) {
      ObjectNode result = results.addObject();
      result.put("ruleId", f.rule());
      Integer index = ruleIndex.get(f.rule());
      if (index != null) {
        result.put("ruleIndex", index);
      }
      result.put("level", "warning");
      result.putObject("message").put("text", f.message());
      ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
      ObjectNode artifact = physical.putObject("artifactLocation");
      artifact.put("uri", encode(f.relativePath()));
      artifact.put("uriBaseId", baseIds.get(f.root().toAbsolutePath().normalize()));
      ObjectNode region = physical.putObject("region");
      region.put("startLine", Math.max(1, f.line()));
      region.put("startColumn", Math.max(1, f.column()));
      result.putObject("partialFingerprints").put(FINGERPRINT_KEY, f.fingerprint());
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", complete);
    if (!problems.isEmpty()) {
      ArrayNode notes = invocation.putArray("toolExecutionNotifications");
      for (Problem p : problems) {
        ObjectNode note = notes.addObject();
        note.put("level", "error");
        note.putObject("message").put("text", p.message());
        note.putObject("descriptor").put("id", p.kind().name());
        ObjectNode loc = note.putArray("locations").addObject().putObject("physicalLocation");
        loc.putObject("artifactLocation")
            .put("uri", p.path().toAbsolutePath().normalize().toUri().toString());
        List<String> where = new ArrayList<>(List.of(p.where().split(":")));
        if (where.size() == 2) {
          try {
            ObjectNode region = loc.putObject("region");
            region.put("startLine", Math.max(1, Integer.parseInt(where.get(0))));
            region.put("startColumn", Math.max(1, Integer.parseInt(where.get(1))));
          } catch (NumberFormatException e) {
            loc.remove("region");
          }
        }
      }
    }
    run.put("columnKind", "utf16CodeUnits");
    try {
      return json.writeValueAsString(log) + System.lineSeparator();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** A relative path as a URI reference: each segment percent-encoded where it must be. */
  static String encode(String relativePath) {
    List<String> out = new ArrayList<>();
    for (String segment : relativePath.split("/", -1)) {
      try {
        String s = new java.net.URI(null, null, segment, null).getRawPath();
        out.add(s.replace(":", "%3A"));
      } catch (java.net.URISyntaxException e) {
        out.add(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return String.join("/", out);
  }
}
