package dev.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.testing.KerasOracle;
import dev.jkeras.utils.Utils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Utils.getFile}, as Keras's {@code get_file}: downloads from a local HTTP server on loopback
 * (never the internet), the cache layout, hash checks, atomic downloads, extraction, and hostile archives.
 */
class FileCacheTest {
  private static final String SHA256_OF_HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  private static final String MD5_OF_HELLO = "5d41402abc4b2a76b9719d911017c592";

  @TempDir
  Path dir;

  private final Map<String, byte[]> files = new HashMap<>();
  private Fixtures.FileServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new Fixtures.FileServer(files);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** The server's URL of {@code path} ("/name", served from the map under "name"). */
  private String url(String path) {
    return server.baseUrl() + path.substring(1);
  }

  private int requests() {
    return server.requests.size();
  }

  private GetFileOptions options(String path) {
    return GetFileOptions.of(url(path)).cacheDir(dir.resolve("cache")).progress(null);
  }

  @Test
  void downloadsOnceIntoTheCacheAndFindsItThere() {
    files.put("data/hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
    Path path = Utils.getFile(options("/data/hello.txt").fileHash(SHA256_OF_HELLO));
    assertEquals(dir.resolve("cache/datasets/hello.txt"), path, "the URL's last segment names the file");
    assertEquals(1, requests());
    assertEquals(path, Utils.getFile(options("/data/hello.txt").fileHash(MD5_OF_HELLO)), "an MD5 is detected by length");
    assertEquals(1, requests(), "the cached file is used");
    Utils.getFile(options("/data/hello.txt").forceDownload(true));
    assertEquals(2, requests());
    assertEquals(dir.resolve("cache/sub/h.txt"), Utils.getFile(options("/data/hello.txt").fname("h.txt")
        .cacheSubdir("sub")));
  }

  @Test
  void kerasHomeIsTheDefaultCache() {
    files.put("hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
    Path keras = dir.resolve("khome");
    Path path = FileCache.get(GetFileOptions.of(url("/hello.txt")).progress(null), Map.of("KERAS_HOME", keras.toString()),
        dir.resolve("home"));
    assertEquals(keras.resolve("datasets/hello.txt"), path);
    Path home = FileCache.get(GetFileOptions.of(url("/hello.txt")).progress(null), Map.of(), dir.resolve("home"));
    assertEquals(dir.resolve("home/.keras/datasets/hello.txt"), home);
  }

  @Test
  void aWrongHashFailsAndLeavesNothingBehind() throws IOException {
    files.put("hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
    String wrong = "0".repeat(64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Utils.getFile(options("/hello.txt").fileHash(wrong)));
    assertTrue(e.getMessage().contains("Incomplete or corrupted file detected") && e.getMessage().contains(wrong)
        && e.getMessage().contains(SHA256_OF_HELLO), e.getMessage());
    try (Stream<Path> left = Files.list(dir.resolve("cache/datasets"))) {
      assertEquals(List.of(), left.toList(), "neither the file nor a temporary file is left");
    }
  }

  @Test
  void aCachedFileWithTheWrongHashIsDownloadedAgain() throws IOException {
    files.put("hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
    Path cached = dir.resolve("cache/datasets/hello.txt");
    Files.createDirectories(cached.getParent());
    Files.writeString(cached, "hel");
    Utils.getFile(options("/hello.txt").fileHash(SHA256_OF_HELLO));
    assertEquals("hello", Files.readString(cached));
    assertEquals(1, requests());
  }

  @Test
  void offlineTheErrorNamesTheUrlAndWhatToDo() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String origin = "http://127.0.0.1:" + closedPort + "/x/data.csv";
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Utils.getFile(GetFileOptions.of(origin).cacheDir(dir).progress(null)));
    assertTrue(e.getMessage().contains("URL fetch failure on " + origin) && e.getMessage().contains("network")
        && e.getMessage().contains(dir.resolve("datasets/data.csv").toString()), e.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> Utils.getFile(options("/nope.csv")));
    assertTrue(missing.getMessage().contains("404"), missing.getMessage());
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Utils.getFile(options("/").fname(null)));
    IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
        () -> Utils.getFile(options("/a.txt").fname("sub/a.txt")));
    assertTrue(path.getMessage().contains("cacheDir"), path.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Utils.getFile("a", "not a url", null, dir, false));
    assertThrows(IllegalArgumentException.class, () -> Utils.getFile(options("/a.txt").fileHash("xyz")));
    assertThrows(IllegalArgumentException.class, () -> options("/a").hashAlgorithm("sha1"));
  }

  @Test
  void extractsTarGzAndZipArchivesWhereKerasDoes() throws IOException {
    files.put("flowers.tgz", new Archives().entry("flowers/", '5', "", new byte[0])
        .file("flowers/rose.txt", "red").symlink("flowers/same.txt", "rose.txt").tarGz());
    Path flowers = Utils.getFile(options("/flowers.tgz").extract(true));
    assertEquals(dir.resolve("cache/datasets/flowers.tgz"), flowers);
    assertEquals("red", Files.readString(flowers.resolve("flowers/rose.txt")));
    assertEquals("red", Files.readString(flowers.resolve("flowers/same.txt")));
    assertTrue(Files.isRegularFile(dir.resolve("cache/datasets/flowers.tgz_archive")));

    files.put("pack.zip", Archives.zip("a/b.txt", "bee", "c.txt", "sea"));
    Path pack = Utils.getFile(options("/pack.zip").fname("pack.zip").extract(true));
    assertEquals(dir.resolve("cache/datasets/pack_extracted"), pack);
    assertEquals("bee", Files.readString(pack.resolve("a/b.txt")));

    files.put("plain.txt", "not an archive".getBytes(StandardCharsets.UTF_8));
    IllegalArgumentException notArchive = assertThrows(IllegalArgumentException.class,
        () -> Utils.getFile(options("/plain.txt").extract(true)));
    assertTrue(notArchive.getMessage().contains("not a tar or zip archive"), notArchive.getMessage());
  }

  private void assertRefused(String name, byte[] archive, String entry) throws IOException {
    files.put(name, archive);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Utils.getFile(options("/" + name).extract(true)), name);
    assertTrue(e.getMessage().contains("'" + entry + "'") && e.getMessage().contains("Nothing was extracted"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("cache/datasets/" + name)), "no extraction directory for " + name);
    assertFalse(Files.exists(dir.resolve("cache/evil.txt")), "nothing written outside");
    try (Stream<Path> all = Files.walk(dir)) {
      assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("evil.txt")), "no evil.txt anywhere");
    }
  }

  @Test
  void hostileArchivesAreRefusedWhole() throws IOException {
    assertRefused("slip.zip", Archives.zip("ok.txt", "fine", "../evil.txt", "pwned"), "../evil.txt");
    assertRefused("slip.tar", new Archives().file("ok.txt", "fine").file("../../evil.txt", "pwned").tar(),
        "../../evil.txt");
    assertRefused("absolute.tar", new Archives().file("/tmp/evil.txt", "pwned").tar(), "/tmp/evil.txt");
    assertRefused("link.tar", new Archives().symlink("out", "../..").file("out/evil.txt", "pwned").tar(), "out");
    assertRefused("chain.tar", new Archives().symlink("y", ".").symlink("z", "y/..").file("z/evil.txt", "x").tar(), "z");
    assertRefused("device.tar", new Archives().entry("dev", '3', "", new byte[0]).tar(), "dev");
  }

  /** Keras's get_file (the oracle, with a file: URL) puts each file and extraction where jkeras does. */
  @Test
  void theCacheLayoutIsKeras() throws IOException {
    KerasOracle.assumeAvailable();
    Path archive = dir.resolve("src/pack.tar.gz");
    Files.createDirectories(archive.getParent());
    Files.write(archive, new Archives().file("inner/x.txt", "x").tarGz());
    Path plain = dir.resolve("src/notes.txt");
    Files.writeString(plain, "hello");
    String[][] calls = {
        {"None", plain.toUri().toString(), "False"},
        {"'n.txt'", plain.toUri().toString(), "False"},
        {"None", archive.toUri().toString(), "True"},
        {"'pack.tar.gz'", archive.toUri().toString(), "True"},
        {"'pack'", archive.toUri().toString(), "True"}};
    // one cache per call: Keras's layouts collide (the archive of call 3 lands where call 2 extracted);
    // and each cache exists beforehand, as Keras falls back to /tmp/.keras for a cache_dir it cannot write
    StringBuilder code = new StringBuilder("import os\nfrom keras.utils import get_file\n");
    for (int i = 0; i < calls.length; i++) {
      Path kerasCache = Files.createDirectories(dir.resolve("keras" + i));
      code.append("p = get_file(fname=").append(calls[i][0]).append(", origin='").append(calls[i][1])
          .append("', cache_dir='").append(kerasCache).append("', extract=").append(calls[i][2])
          .append(")\nprint('@@").append(i).append("=' + os.path.relpath(p, '").append(kerasCache).append("'))\n");
    }
    Map<String, String> keras = KerasOracle.printedValues(code.toString());
    for (int i = 0; i < calls.length; i++) {
      Path ourCache = dir.resolve("ours" + i);
      GetFileOptions options = GetFileOptions.of(calls[i][1]).cacheDir(ourCache).progress(null)
          .extract(calls[i][2].equals("True"));
      if (!calls[i][0].equals("None")) {
        options = options.fname(calls[i][0].replace("'", ""));
      }
      Path ours = Utils.getFile(options);
      String expected = keras.get(String.valueOf(i));
      assertEquals(expected, ourCache.relativize(ours).toString(), "call " + i);
      if (calls[i][2].equals("True")) {
        assertEquals("x", Files.readString(ours.resolve("inner/x.txt")));
        assertTrue(Files.isRegularFile(dir.resolve("keras" + i).resolve(expected).resolve("inner/x.txt")));
      }
    }
  }
}
