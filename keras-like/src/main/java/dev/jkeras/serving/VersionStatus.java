package dev.jkeras.serving;

/**
 * Where one version of a model stands, as TF Serving's {@code ModelVersionStatus}: its state and, when
 * loading failed, the error.
 */
public record VersionStatus(long version, State state, ServingException.Code errorCode, String errorMessage) {
  /** TF Serving's {@code ModelVersionStatus.State}. */
  public enum State { START, LOADING, AVAILABLE, UNLOADING, END }

  static VersionStatus ok(long version, State state) {
    return new VersionStatus(version, state, ServingException.Code.OK, "");
  }
}
