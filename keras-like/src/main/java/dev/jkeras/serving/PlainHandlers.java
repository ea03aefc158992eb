package dev.jkeras.serving;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sending the answers of the server's GET-only side endpoints (metrics, health). */
final class PlainHandlers {
  private PlainHandlers() {}

  /**
   * Null when {@code exchange} is a GET or HEAD of exactly {@code path}; otherwise sends the error (404 for
   * another path under the same prefix, 405 for another method) and returns the status sent.
   */
  static Integer refuse(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    String given = exchange.getRequestURI().getRawPath();
    if (!given.equals(path)) {
      send(exchange, 404, "application/json", error("Not found: " + method + " " + given + ". Did you mean " + path + "?"));
      return 404;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, 405, "application/json", error("Method " + method + " is not allowed on " + path + "; use GET"));
      return 405;
    }
    return null;
  }

  static String error(String message) {
    return new RapidJsonWriter().startObject().key("error").string(message).endObject().toString();
  }

  static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      try (InputStream in = exchange.getRequestBody()) {
        in.readNBytes(1 << 16);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
