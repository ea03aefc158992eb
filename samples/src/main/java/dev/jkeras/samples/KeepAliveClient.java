package dev.jkeras.samples;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A load generator's HTTP/1.1 client, as wrk is one: one keep-alive connection to a loopback server,
 * blocking, one request at a time, the request bytes built once. It costs a small fraction of the CPU
 * of {@code java.net.http.HttpClient} per request, so a load test in the server's JVM measures the
 * server more than its clients. Not thread-safe: one per client thread. Every read has a timeout; a
 * failed exchange closes the connection and the next request opens a new one.
 */
final class KeepAliveClient implements AutoCloseable {
  private static final int TIMEOUT_MILLIS = 30_000;
  private static final int MAX_HEADER_BYTES = 16 << 10;
  private static final int MAX_BODY_BYTES = 16 << 20;

  private final int port;
  private final byte[] request;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** A client that POSTs {@code body} to {@code path} on 127.0.0.1:{@code port}. */
  KeepAliveClient(int port, String path, String body) {
    this.port = port;
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    byte[] head = String.format(Locale.ROOT, "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json"
        + "\r\nContent-Length: %d\r\n\r\n", path, port, content.length).getBytes(StandardCharsets.US_ASCII);
    request = new byte[head.length + content.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(content, 0, request, head.length, content.length);
  }

  /** Sends the request once; true when answered with HTTP 200 and a body holding {@code needle}. */
  boolean send(String needle) {
    try {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
      }
      out.write(request);
      out.flush();
      return readResponse(needle);
    } catch (IOException | RuntimeException e) {
      close();
      return false;
    }
  }

  private boolean readResponse(String needle) throws IOException {
    String head = readHead();
    int status = Integer.parseInt(head.substring(9, 12));
    int length = -1;
    boolean keepAlive = true;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        keepAlive = false;
      }
    }
    if (length < 0 || length > MAX_BODY_BYTES) {
      throw new IOException("Expected a Content-Length of at most " + MAX_BODY_BYTES + " bytes; the response was "
          + head);
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("Connection closed after " + body.length + " of " + length + " body bytes");
    }
    if (!keepAlive) {
      close();
    }
    return status == 200 && new String(body, StandardCharsets.UTF_8).contains(needle);
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder(256);
    int last4 = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("Connection closed before the response headers ended");
      }
      head.append((char) c);
      last4 = (last4 << 8) | c;
      if (last4 == 0x0d0a0d0a) {
        return head.toString();
      }
      if (head.length() > MAX_HEADER_BYTES) {
        throw new IOException("Response headers longer than " + MAX_HEADER_BYTES + " bytes");
      }
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection
      }
    }
    socket = null;
    in = null;
    out = null;
  }
}
