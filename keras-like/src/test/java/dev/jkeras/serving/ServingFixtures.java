package dev.jkeras.serving;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** TF Serving's test models from ../shared/fixtures/savedmodels laid out as version folders, and an HTTP client. */
final class ServingFixtures {
  static final Path FIXTURES = Path.of("../../shared/fixtures/savedmodels").toAbsolutePath().normalize();
  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ServingFixtures() {}

  static Path fixture(String name) {
    Path dir = FIXTURES.resolve(name);
    assumeTrue(Files.isDirectory(dir), "fixture missing (needs ../shared): " + dir);
    return dir;
  }

  /** Copies fixture {@code name} to {@code base/version}; returns {@code base}. */
  static Path version(Path base, String name, long version) {
    copyTree(fixture(name), base.resolve(Long.toString(version)));
    return base;
  }

  /** Copies a folder into a temporary sibling, then renames it into place, as a deploy should. */
  static void copyTree(Path from, Path to) {
    Path staging = to.resolveSibling("." + to.getFileName() + ".tmp");
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = staging.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
      Files.move(staging, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Reply(int status, String body, String contentType) {}

  static Reply get(ModelServer server, String path) {
    return send(HttpRequest.newBuilder(uri(server, path)).GET());
  }

  static Reply post(ModelServer server, String path, String body) {
    return send(HttpRequest.newBuilder(uri(server, path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body(),
          response.headers().firstValue("Content-Type").orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static URI uri(ModelServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
