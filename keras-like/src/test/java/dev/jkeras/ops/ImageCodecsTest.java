package dev.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jkeras.DType;
import dev.jkeras.KerasTensor;
import dev.jkeras.backend.Backends;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Reading and decoding image files with TensorFlow's kernels (ReadFile, DecodeImage, DecodePng,
 * DecodeJpeg, EncodePng), checked against files written by Java's own encoders.
 */
class ImageCodecsTest {
  @TempDir Path dir;

  private static BufferedImage picture(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 40 % 256) << 16 | (y * 60 % 256) << 8 | ((x + y) * 25 % 256));
      }
    }
    return image;
  }

  private static NdArray<?> eager(Supplier<KerasTensor> body) {
    return Backends.get().eager(() -> List.of(body.get())).get(0);
  }

  private static KerasTensor path(Path file) {
    return Ops.convertToTensor(NdArrays.scalarOfObject(file.toString()));
  }

  private static int pixel(NdArray<?> image, int y, int x, int c) {
    return Byte.toUnsignedInt((Byte) image.getObject(y, x, c));
  }

  @Test
  void decodesPngFilesPixelForPixel() throws IOException {
    Path file = dir.resolve("picture.png");
    BufferedImage picture = picture(5, 3);
    ImageIO.write(picture, "png", file.toFile());
    NdArray<?> rgb = eager(() -> Ops.decodeImage(Ops.readFile(path(file)), 3));
    NdArray<?> png = eager(() -> Ops.decodePng(Ops.readFile(path(file)), 0));
    assertEquals(DType.UINT8, DType.of(rgb));
    assertEquals(Shape.of(3, 5, 3), rgb.shape());
    assertEquals(rgb, png);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        int argb = picture.getRGB(x, y);
        assertEquals(argb >> 16 & 255, pixel(rgb, y, x, 0));
        assertEquals(argb >> 8 & 255, pixel(rgb, y, x, 1));
        assertEquals(argb & 255, pixel(rgb, y, x, 2));
      }
    }
    NdArray<?> gray = eager(() -> Ops.decodeImage(Ops.readFile(path(file)), 1));
    assertEquals(Shape.of(3, 5, 1), gray.shape());
  }

  @Test
  void decodesJpegFilesCloseToTheirPixels() throws IOException {
    Path file = dir.resolve("picture.jpg");
    BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        flat.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
      }
    }
    ImageIO.write(flat, "jpg", file.toFile());
    NdArray<?> viaJpeg = eager(() -> Ops.decodeJpeg(Ops.readFile(path(file)), 3));
    NdArray<?> viaImage = eager(() -> Ops.decodeImage(Ops.readFile(path(file)), 3));
    assertEquals(viaJpeg, viaImage);
    assertEquals(200, pixel(viaJpeg, 7, 7, 0), 3);
    assertEquals(100, pixel(viaJpeg, 7, 7, 1), 3);
    assertEquals(50, pixel(viaJpeg, 7, 7, 2), 3);
  }

  @Test
  void encodePngRoundTripsThroughDecodePng() throws IOException {
    NdArray<Byte> image = NdArrays.ofBytes(Shape.of(4, 3, 2));
    int[] k = {0};
    image.scalars().forEach(s -> s.setObject((byte) (k[0]++ * 11)));
    NdArray<?> back = eager(() -> Ops.decodePng(Ops.encodePng(Ops.convertToTensor(image)), 0));
    assertEquals(image, back);
  }

  @Test
  void resizesDecodedImagesOfRunTimeSize() throws IOException {
    Path file = dir.resolve("wide.png");
    ImageIO.write(picture(12, 6), "png", file.toFile());
    NdArray<?> resized = eager(() -> Ops.resize(Ops.decodePng(Ops.readFile(path(file)), 3), 4, 4, "bilinear", false,
        true, false, "constant", 0));
    assertEquals(Shape.of(4, 4, 3), resized.shape());
    assertEquals(DType.FLOAT32, DType.of(resized));
  }

  @Test
  void missingFilesAndDamagedBytesAreNamed() throws IOException {
    Path missing = dir.resolve("nowhere.png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> eager(() -> Ops.readFile(path(missing))));
    assertTrue(e.getMessage().contains("nowhere.png"), e.getMessage());
    Path junk = dir.resolve("junk.png");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> eager(() -> Ops.decodeImage(Ops.readFile(path(junk)), 3)));
    assertTrue(bad.getMessage().toLowerCase().contains("image") || bad.getMessage().contains("format"),
        bad.getMessage());
  }

  @Test
  void wrongArgumentsFailBeforeTensorFlowSeesThem() {
    assertMessage("takes a string scalar", () -> eager(() -> Ops.decodePng(Ops.scalar(1, DType.FLOAT32), 3)));
    assertMessage("channels must be 0", () -> eager(() -> Ops.decodeImage(
        Ops.convertToTensor(NdArrays.scalarOfObject("x")), 2)));
    assertMessage("Cast pixels to uint8", () -> eager(() -> Ops.encodePng(Ops.convertToTensor(
        NdArrays.ofFloats(Shape.of(2, 2, 1))))));
    assertMessage("Invalid images rank", () -> eager(() -> Ops.resize(Ops.convertToTensor(
        NdArrays.ofFloats(Shape.of(2, 2))), 1, 1)));
    assertMessage("Invalid value for argument `interpolation`", () -> eager(() -> Ops.resize(Ops.convertToTensor(
        NdArrays.ofFloats(Shape.of(2, 2, 1))), 1, 1, "cubic")));
    assertMessage("Invalid value for argument `fill_mode`", () -> eager(() -> Ops.affineTransform(
        Ops.convertToTensor(NdArrays.ofFloats(Shape.of(2, 2, 1))), Ops.convertToTensor(NdArrays.ofFloats(
            Shape.of(8))), "bilinear", "mirror", 0)));
    assertMessage("Invalid transform rank", () -> eager(() -> Ops.affineTransform(
        Ops.convertToTensor(NdArrays.ofFloats(Shape.of(2, 2, 1))), Ops.scalar(1, DType.FLOAT32))));
    assertMessage("does not fit", () -> eager(() -> Ops.cropImages(
        Ops.convertToTensor(NdArrays.ofFloats(Shape.of(4, 4, 1))), 2, 0, 3, 3)));
  }

  private static void assertMessage(String part, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(part), "expected «" + part + "» in: " + e.getMessage());
  }
}
