package dev.jkeras.datasets;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small generated IDX, NPY and NPZ files, and a local HTTP server, for the data set tests. */
final class Fixtures {
  static final int ROWS = 4;
  static final int COLS = 3;

  private Fixtures() {}

  /** An IDX file of unsigned bytes with the given dimensions. */
  static byte[] idx(byte[] data, int... dims) {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length).order(ByteOrder.BIG_ENDIAN);
    header.putInt(0x0800 | dims.length);
    for (int dim : dims) {
      header.putInt(dim);
    }
    return concat(header.array(), data);
  }

  /** {@code n} images whose pixel {@code k} of image {@code i} is {@code (seed + 7i + k) mod 256}. */
  static byte[] pixels(int n, int seed) {
    byte[] data = new byte[n * ROWS * COLS];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < ROWS * COLS; k++) {
        data[i * ROWS * COLS + k] = (byte) (seed + 7 * i + k);
      }
    }
    return data;
  }

  /** {@code n} labels {@code (seed + i) mod 10}. */
  static byte[] labels(int n, int seed) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) ((seed + i) % 10);
    }
    return data;
  }

  /** The four gzipped IDX files of a Fashion-MNIST-like data set, by file name. */
  static Map<String, byte[]> idxFiles(int nTrain, int nTest, int seed) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(IdxSplits.TRAIN_LABELS, gzip(idx(labels(nTrain, seed), nTrain)));
    files.put(IdxSplits.TRAIN_IMAGES, gzip(idx(pixels(nTrain, seed), nTrain, ROWS, COLS)));
    files.put(IdxSplits.TEST_LABELS, gzip(idx(labels(nTest, seed + 3), nTest)));
    files.put(IdxSplits.TEST_IMAGES, gzip(idx(pixels(nTest, seed + 100), nTest, ROWS, COLS)));
    return files;
  }

  /** The SHA-256 of each file's gunzipped content. */
  static Map<String, String> contentHashes(Map<String, byte[]> gzipped) {
    Map<String, String> hashes = new LinkedHashMap<>();
    gzipped.forEach((name, bytes) -> hashes.put(name, Checksums.sha256(gunzip(bytes))));
    return hashes;
  }

  static Path write(Path dir, Map<String, byte[]> files) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(dir.resolve(file.getKey()), file.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A version-1 {@code .npy} file of uint8 with the given header dict. */
  static byte[] npy(String header, byte[] data) {
    StringBuilder padded = new StringBuilder(header);
    while ((10 + padded.length() + 1) % 64 != 0) {
      padded.append(' ');
    }
    padded.append('\n');
    byte[] headerBytes = padded.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    prefix.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) headerBytes.length);
    return concat(prefix.array(), headerBytes, data);
  }

  /** A C-order uint8 {@code .npy} array of the given shape. */
  static byte[] npyUint8(byte[] data, long... shape) {
    StringBuilder dims = new StringBuilder();
    for (long dim : shape) {
      dims.append(dim).append(", ");
    }
    String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
    return npy("{'descr': '|u1', 'fortran_order': False, 'shape': " + tuple + ", }", data);
  }

  /** A zip of {@code <name>.npy} entries, compressed as {@code np.savez_compressed} does. */
  static byte[] npz(Map<String, byte[]> arrays) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> array : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(array.getKey() + ".npy"));
        zip.write(array.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A Keras-style {@code mnist.npz} with the given sizes. */
  static byte[] mnistNpz(int nTrain, int nTest) {
    Map<String, byte[]> arrays = new LinkedHashMap<>();
    arrays.put("x_train", npyUint8(pixels(nTrain, 1), nTrain, ROWS, COLS));
    arrays.put("y_train", npyUint8(labels(nTrain, 1), nTrain));
    arrays.put("x_test", npyUint8(pixels(nTest, 50), nTest, ROWS, COLS));
    arrays.put("y_test", npyUint8(labels(nTest, 5), nTest));
    return npz(arrays);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] gunzip(byte[] data) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** An HTTP server on 127.0.0.1 serving {@code files} under {@code /data/}; it records each path requested. */
  static final class FileServer implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FileServer(Map<String, byte[]> files) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/data/", exchange -> {
        String name = exchange.getRequestURI().getPath().substring("/data/".length());
        requests.add(name);
        byte[] body = files.get(name);
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
        exchange.close();
      });
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
