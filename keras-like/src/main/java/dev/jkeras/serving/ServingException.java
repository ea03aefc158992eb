package dev.jkeras.serving;

/**
 * A request TF Serving would answer with an error: its canonical code (which sets the HTTP status as
 * TF Serving's {@code ToHTTPStatusCode} does) and a message for the client.
 */
public final class ServingException extends RuntimeException {
  /** TensorFlow's error codes that the server uses, each with the HTTP status TF Serving gives it. */
  public enum Code {
    OK(200),
    CANCELLED(499),
    UNKNOWN(500),
    INVALID_ARGUMENT(400),
    DEADLINE_EXCEEDED(504),
    NOT_FOUND(404),
    FAILED_PRECONDITION(400),
    RESOURCE_EXHAUSTED(429),
    UNIMPLEMENTED(501),
    INTERNAL(500),
    UNAVAILABLE(503),
    /** Not a TensorFlow code: a body over the server's limit, which TF Serving does not bound. */
    PAYLOAD_TOO_LARGE(413);

    private final int httpStatus;

    Code(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Code code;

  public ServingException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  static ServingException invalid(String message) {
    return new ServingException(Code.INVALID_ARGUMENT, message);
  }

  static ServingException notFound(String message) {
    return new ServingException(Code.NOT_FOUND, message);
  }

  /** TF Serving's {@code absl::Status::ToString()} form, used when one error is nested in another. */
  String statusString() {
    return code.name() + ": " + getMessage();
  }
}
