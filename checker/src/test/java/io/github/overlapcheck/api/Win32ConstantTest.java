package io.github.overlapcheck.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.lang.reflect.Field;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class Win32ConstantTest {
  /** The checker's table and the runtime's constants are written independently; they must agree. */
  @Test
  void everyConstantAgreesWithTheReferenceRuntime() throws ReflectiveOperationException {
    for (Win32Constant constant : Win32Constant.values()) {
      Optional<Field> field = runtimeField(constant.name());
      assertTrue(field.isPresent(), constant + " is missing from the runtime");
      long runtimeValue = ((Number) field.get().get(null)).longValue();
      assertTrue(
          constant.matches(runtimeValue),
          constant + " is " + constant.value() + " here but " + runtimeValue + " in the runtime");
    }
  }

  @Test
  void intConstantsWithTheHighBitSetMatchTheirUnsignedValue() {
    assertTrue(Win32Constant.INFINITE.matches(-1));
    assertTrue(Win32Constant.FILE_FLAG_OVERLAPPED.matches(0x40000000));
    assertFalse(Win32Constant.INFINITE.matches(0x1FFFFFFFFL));
    assertFalse(Win32Constant.ERROR_IO_PENDING.matches(996));
  }

  @Test
  void lookupByName() {
    assertEquals(
        Optional.of(Win32Constant.ERROR_IO_PENDING), Win32Constant.byName("ERROR_IO_PENDING"));
    assertEquals(Optional.empty(), Win32Constant.byName("ERROR_IO_PENDINGX"));
  }

  private static Optional<Field> runtimeField(String name) {
    for (Class<?> holder : new Class<?>[] {WinBase.class, WinError.class}) {
      try {
        return Optional.of(holder.getField(name));
      } catch (NoSuchFieldException e) {
        // try the next holder
      }
    }
    return Optional.empty();
  }
}
