package io.github.overlapcheck.api;

import java.util.Set;

/**
 * JNA's automatic write: before each native call that takes a Structure by value, JNA writes every
 * Java field of it to native memory. Both front ends decide with these names whether the instances
 * of a Structure class do that: a class keeps it unless its own code may turn it off.
 */
public final class StructureSync {
  private StructureSync() {}

  /**
   * Classes known to keep automatic write on: JNA's and the runtime's Structure, and the OVERLAPPED
   * classes built on them. A class between one of these and the type created must be in source, and
   * must not turn it off, for its instances to count as writing back.
   */
  public static final Set<String> KEEPS_AUTO_WRITE =
      Set.of(
          "com.sun.jna.Structure",
          "com.sun.jna.platform.win32.WinBase.OVERLAPPED",
          "io.github.overlapcheck.runtime.Structure",
          "io.github.overlapcheck.runtime.OVERLAPPED");

  /** The Structure methods that turn automatic write off (given anything but {@code true}). */
  public static final Set<String> AUTO_WRITE_SETTERS = Set.of("setAutoSynch", "setAutoWrite");

  /**
   * The Structure methods that decide what is written before a call: a class that overrides one may
   * write something else, or nothing.
   */
  public static final Set<String> WRITE_METHODS =
      Set.of("write", "autoWrite", "getAutoWrite", "writeField");
}
