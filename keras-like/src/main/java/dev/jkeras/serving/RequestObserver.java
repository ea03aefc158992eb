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
   * TensorFlow error code behind {@code httpStatus}.
   */
  record Request(String httpMethod, String path, String model, Long version, String api, int httpStatus,
      ServingException.Code code, long nanos) {}

  void completed(Request request);
}
