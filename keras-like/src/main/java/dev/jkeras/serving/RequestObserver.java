package dev.jkeras.serving;

/**
 * Told of every REST request once its response status is known ({@link ModelServer.Builder#requestObserver}),
 * e.g. to count requests by model, version and status or to time them.
 */
@FunctionalInterface
public interface RequestObserver {
  /**
   * One finished request: {@code api} is predict, classify, regress, metadata, status or empty (a request
   * that named no API); {@code model} and {@code version} are null when unknown; {@code code} is the
   * TensorFlow error code behind {@code httpStatus}; {@code nanos} is the whole request's wall time and
   * {@code runtimeNanos} that of its model run (for batched requests: waiting for the batch and running
   * it), or -1 when no model run succeeded.
   */
  record Request(String httpMethod, String path, String model, Long version, String api, int httpStatus,
      ServingException.Code code, long nanos, long runtimeNanos) {
    /** A request without a model run. */
    public Request(String httpMethod, String path, String model, Long version, String api, int httpStatus,
        ServingException.Code code, long nanos) {
      this(httpMethod, path, model, version, api, httpStatus, code, nanos, -1);
    }
  }

  void completed(Request request);
}
