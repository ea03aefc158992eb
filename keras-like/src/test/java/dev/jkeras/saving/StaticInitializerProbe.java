package dev.jkeras.saving;

import java.util.concurrent.atomic.AtomicBoolean;

/** A class that is not registered: naming it in a config must not run its static initializer. */
final class StaticInitializerProbe {
  static final AtomicBoolean INITIALIZED = ProbeFlag.FLAG;

  static {
    ProbeFlag.FLAG.set(true);
  }

  private StaticInitializerProbe() {}

  /** Holds the flag outside the probe, so reading it does not initialize the probe. */
  static final class ProbeFlag {
    static final AtomicBoolean FLAG = new AtomicBoolean();

    private ProbeFlag() {}
  }
}
