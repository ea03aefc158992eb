package dev.jkeras.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A client of one model on a loopback {@code ModelServer}, over TF Serving's REST API, with the deploy
 * steps the serving samples share: a version copied in under a temporary name and renamed into place,
 * and waiting until the server serves that version only. Every request has a timeout.
 */
final class ServingClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String root;
  private final String model;

  ServingClient(int port, String model) {
    this.root = "http://127.0.0.1:" + port;
    this.model = model;
  }

  /** The address of {@code path} on the server, e.g. {@code /v1/models/mlp}. */
  URI uri(String path) {
    return URI.create(root + path);
  }

  /** {@code /v1/models/NAME}: the model's version status. */
  String statusPath() {
    return "/v1/models/" + model;
  }

  /** {@code /v1/models/NAME/metadata}: the model's signature defs. */
  String metadataPath() {
    return statusPath() + "/metadata";
  }

  /** {@code /v1/models/NAME:predict}. */
  String predictPath() {
    return statusPath() + ":predict";
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends one {@code :predict}; true when it was answered with HTTP 200 and predictions. */
  boolean predictSucceeds(String body) {
    try {
      HttpResponse<String> response = post(predictPath(), body);
      return response.statusCode() == 200 && response.body().contains("\"predictions\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The server's Prometheus metrics page ({@code MonitoringConfig.prometheus()}'s path). */
  String metrics() throws IOException, InterruptedException {
    return get("/monitoring/prometheus/metrics").body();
  }

  /**
   * Waits until the model's status lists {@code version} as AVAILABLE and no other version as
   * AVAILABLE; false if that has not happened by {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  boolean awaitOnlyVersion(long version, long deadlineNanos) throws IOException, InterruptedException {
    while (System.nanoTime() < deadlineNanos) {
      String body = get(statusPath()).body().replaceAll("\\s", "");
      if (body.contains("{\"version\":\"" + version + "\",\"state\":\"AVAILABLE\"")
          && body.split("\"state\":\"AVAILABLE\"", -1).length == 2) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /**
   * Deploys {@code export} as version {@code version} of the model base path {@code base} as a deploy
   * should: copied in under a temporary name the server ignores, then renamed into place in one step.
   */
  static Path deployVersion(Path export, Path base, long version) throws IOException {
    Path staging = base.resolve("." + version + ".incoming");
    copyTree(export, staging);
    return renameIntoPlace(staging, base, version);
  }

  /** Renames a version folder written in full under a temporary name to version {@code version} of {@code base}. */
  static Path renameIntoPlace(Path staging, Path base, long version) throws IOException {
    return Files.move(staging, base.resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Deletes {@code root} and everything under it; prints, rather than throws, what could not be deleted. */
  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("Could not delete " + root + ": " + e.getMessage());
    }
  }
}
