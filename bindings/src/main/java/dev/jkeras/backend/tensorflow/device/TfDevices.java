package dev.jkeras.backend.tensorflow.device;

import dev.jkeras.backend.DeviceBackend;
import dev.jkeras.backend.tensorflow.NativeLibrary;

/** TensorFlow's process-wide kernel settings. */
public final class TfDevices implements DeviceBackend {

  @Override
  public void enableOpDeterminism() {
    NativeLibrary.enableOpDeterminism();
  }
}
