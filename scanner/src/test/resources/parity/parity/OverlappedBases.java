package parity;

import com.sun.jna.platform.win32.WinBase;

/** OVERLAPPED classes declared in another file than the code that uses them. */
final class OverlappedBases {
  private OverlappedBases() {}

  /** Keeps JNA's automatic write. */
  static class Plain extends WinBase.OVERLAPPED {}

  /** Turns it off for itself and its subclasses. */
  static class Quiet extends WinBase.OVERLAPPED {
    Quiet() {
      setAutoWrite(false);
    }
  }
}
