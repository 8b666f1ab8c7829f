package io.github.overlapcheck.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

final class FindingKeyTest {
  /** A node that equals every other and hashes like every other: only identity tells them apart. */
  private static final class Node {
    @Override
    public boolean equals(Object o) {
      return o instanceof Node;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void oneFindingPerRuleAndNode() {
    Node node = new Node();
    assertEquals(
        new Analysis.FindingKey("LocalOverlappedEscapes", node),
        new Analysis.FindingKey("LocalOverlappedEscapes", node));
    assertNotEquals(
        new Analysis.FindingKey("LocalOverlappedEscapes", node),
        new Analysis.FindingKey("ReleasedWhilePending", node));
  }

  @Test
  void equalNodesAtDifferentPlacesAreDifferentNodes() {
    assertNotEquals(
        new Analysis.FindingKey("ReleasedWhilePending", new Node()),
        new Analysis.FindingKey("ReleasedWhilePending", new Node()));
  }
}
