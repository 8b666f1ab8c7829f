package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.rules.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SARIF output validates against the official SARIF 2.1.0 schema (from Microsoft's SARIF
 * Multitool package, fetched by the build), and carries what code-scanning services need: rules
 * with help links, locations relative to a base, fingerprints.
 */
final class SarifTest {
  @TempDir Path dir;

  private static JsonSchema schema() throws IOException {
    Path file = Path.of(System.getProperty("sarif.schema", "missing"));
    assertTrue(Files.isRegularFile(file), "the build fetches the SARIF schema to " + file);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    try (InputStream in = Files.newInputStream(file)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    }
  }

  private static JsonNode validated(Path sarif) throws IOException {
    JsonNode log = new ObjectMapper().readTree(sarif.toFile());
    Set<ValidationMessage> errors = schema().validate(log);
    assertEquals(Set.of(), errors, "SARIF schema violations");
    return log;
  }

  @Test
  void samplesReportValidatesAgainstTheSchema() throws IOException {
    Path out = dir.resolve("samples.sarif");
    Cli cli =
        Cli.run(
            "scan", "--format", "sarif", "--output", out.toString(), Sources.SAMPLES.toString());
    assertEquals(1, cli.exit(), cli.err());
    assertEquals("", cli.out());
    JsonNode run = validated(out).get("runs").get(0);

    List<String> ids = new ArrayList<>();
    for (JsonNode rule : run.get("tool").get("driver").get("rules")) {
      ids.add(rule.get("id").asText());
      assertTrue(
          rule.get("helpUri").asText().endsWith("/docs/rules/" + rule.get("id").asText() + ".md"));
      assertFalse(
          rule.get("shortDescription").get("text").asText().equals(rule.get("id").asText()),
          "the summary is the check's, not its name");
    }
    assertEquals(Rules.ALL.stream().map(Rule::name).toList(), ids);

    JsonNode results = run.get("results");
    assertEquals(Sources.SAMPLE_FINDINGS, results.size());
    for (JsonNode r : results) {
      JsonNode physical = r.get("locations").get(0).get("physicalLocation");
      assertEquals("SRCROOT", physical.get("artifactLocation").get("uriBaseId").asText());
      assertTrue(
          physical
              .get("artifactLocation")
              .get("uri")
              .asText()
              .startsWith("io/github/overlapcheck/samples/buggy/"));
      assertTrue(physical.get("region").get("startLine").asInt() > 0);
      assertTrue(physical.get("region").get("startColumn").asInt() > 0);
      assertEquals(32, r.get("partialFingerprints").get("overlapcheck/v1").asText().length());
      assertEquals(ids.get(r.get("ruleIndex").asInt()), r.get("ruleId").asText());
    }
    assertTrue(
        run.get("originalUriBaseIds").get("SRCROOT").get("uri").asText().startsWith("file:"));
    assertTrue(run.get("invocations").get(0).get("executionSuccessful").asBoolean());
  }

  @Test
  void skippedInputsAreToolNotificationsAndStillValidate() throws IOException {
    Path src = dir.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Broken.java"), "class Broken { void f( }\n");
    Path out = dir.resolve("problems.sarif");
    Cli cli =
        Cli.run(
            "scan",
            "--format=sarif",
            "-o",
            out.toString(),
            src.toString(),
            dir.resolve("missing").toString());
    assertEquals(2, cli.exit(), cli.err());
    JsonNode run = validated(out).get("runs").get(0);
    assertEquals(0, run.get("results").size());
    JsonNode invocation = run.get("invocations").get(0);
    assertFalse(invocation.get("executionSuccessful").asBoolean());
    assertEquals(2, invocation.get("toolExecutionNotifications").size());
  }
}
