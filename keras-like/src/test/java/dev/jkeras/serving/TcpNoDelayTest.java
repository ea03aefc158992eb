package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responses on a keep-alive connection do not wait for the client's delayed ACK (about 40 ms each with
 * Nagle's algorithm on, as the JDK's HTTP server leaves it by default).
 */
@Timeout(120)
class TcpNoDelayTest {
  @TempDir
  Path temp;

  /**
   * Runs in a fresh JVM, because the JDK reads the no-delay property once, when its first HTTP server
   * starts, and another test in this JVM may have started one before {@link ModelServer} was loaded.
   */
  @Test
  void keepAliveResponsesComeWithoutTheDelayedAckStall() throws Exception {
    Path base = ServingFixtures.version(temp.resolve("m"), "half_plus_two_tf1", 1);
    Path output = temp.resolve("probe.txt");
    Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Probe.class.getName(), base.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!probe.waitFor(90, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      throw new AssertionError("the probe JVM did not finish within 90 s");
    }
    String printed = Files.readString(output);
    assertEquals(0, probe.exitValue(), printed);
    String line = printed.lines().filter(l -> l.startsWith("median ")).findFirst().orElseThrow(
        () -> new AssertionError("no median in: " + printed));
    long median = Long.parseLong(line.split(" ")[1]);
    assertTrue(median < 30, "median response time " + median + " ms on a keep-alive connection: " + line);
  }

  /** The probe: a server and 30 sequential predicts on one keep-alive connection; prints their median. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      try (ModelServer server = ModelServer.builder().model("m", Path.of(args[0])).restApiPort(0)
          .fileSystemPollWait(java.time.Duration.ZERO).build().start()) {
        if (!"true".equals(System.getProperty(ModelServer.NODELAY_PROPERTY))) {
          throw new AssertionError("ModelServer did not turn on " + ModelServer.NODELAY_PROPERTY);
        }
        byte[] body = "{\"instances\": [[1.0]]}".getBytes(StandardCharsets.US_ASCII);
        byte[] request = ("POST /v1/models/m:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length
            + "\r\n\r\n" + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        long[] millis = new long[30];
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          socket.setTcpNoDelay(true);
          socket.setSoTimeout(30_000);
          OutputStream out = socket.getOutputStream();
          InputStream in = new BufferedInputStream(socket.getInputStream());
          for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            out.write(request);
            out.flush();
            String response = readResponse(in);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            if (!response.startsWith("HTTP/1.1 200") || !response.contains("[2.5]")) {
              throw new AssertionError("unexpected response: " + response);
            }
          }
        }
        Arrays.sort(millis);
        System.out.println("median " + millis[millis.length / 2] + " ms of " + Arrays.toString(millis));
      }
    }
  }

  private static String readResponse(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new AssertionError("connection closed after " + head);
      }
      head.append((char) c);
    }
    int length = -1;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
