package corpus.releasedwhilepending;
// case: negative: force-sensor driver keeps a sample read posted on the device while reloadCalibration() reads a calibration file synchronously and closes that file's handle and frees its scratch Memory; nothing released there belongs to the pending read, and close() waits for the read after CancelIoEx

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;

public final class JnaCalibrationReloadWhileReadPosted implements AutoCloseable {
  interface SensorKernel32 extends Kernel32 {
    SensorKernel32 INSTANCE =
        Native.load("kernel32", SensorKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private static final int SAMPLE_SIZE = 16;
  private static final int CALIBRATION_SIZE = 64;

  private final SensorKernel32 k32 = SensorKernel32.INSTANCE;
  private final HANDLE sensor;
  private final Memory sample = new Memory(SAMPLE_SIZE);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private volatile float[] gains = new float[4];

  public JnaCalibrationReloadWhileReadPosted(HANDLE overlappedSensor) {
    this.sensor = overlappedSensor;
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    post();
  }

  private void post() {
    if (!k32.ReadFile(sensor, sample, SAMPLE_SIZE, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("sensor read failed: " + error);
      }
    }
  }

  public void reloadCalibration(String path) {
    HANDLE file =
        k32.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IllegalStateException("cannot open " + path + ": " + k32.GetLastError());
    }
    Memory scratch = new Memory(CALIBRATION_SIZE);
    IntByReference read = new IntByReference();
    boolean ok = k32.ReadFile(file, scratch, CALIBRATION_SIZE, read, null);
    k32.CloseHandle(file);
    if (ok && read.getValue() >= 16) {
      float[] loaded = new float[4];
      for (int i = 0; i < loaded.length; i++) {
        loaded[i] = scratch.getFloat(4L * i);
      }
      gains = loaded;
    }
    scratch.close();
  }

  /** The next force sample on channel 0..3, calibrated; posts the next read. */
  public float nextSample(int channel) {
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(sensor, ov.getPointer(), got, true) || got.getValue() < SAMPLE_SIZE) {
      throw new IllegalStateException("sensor read failed: " + k32.GetLastError());
    }
    float raw = sample.getFloat(4L * channel);
    post();
    return raw * gains[channel];
  }

  @Override
  public void close() {
    k32.CancelIoEx(sensor, ov.getPointer());
    k32.GetOverlappedResult(sensor, ov.getPointer(), new IntByReference(), true);
    k32.CloseHandle(ov.hEvent);
  }
}
