package dev.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class DatasetTest {

  @Test
  void sizeIsTheNumberOfRows() {
    var d = new Dataset(NdArrays.ofBytes(Shape.of(5, 2, 2)), NdArrays.ofInts(Shape.of(5)));
    assertEquals(5, d.size());
    assertEquals("Dataset[x=uint8[5, 2, 2], y=int32[5]]", d.toString());
  }

  @Test
  void rejectsMismatchedRows() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(NdArrays.ofBytes(Shape.of(5, 2)), NdArrays.ofInts(Shape.of(4))));
    IdxReaderTest.assertMentions(e, "[5, 2]", "[4]");
  }

  @Test
  void rejectsLabelsThatAreNotAVector() {
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(NdArrays.ofBytes(Shape.of(5, 2)), NdArrays.ofInts(Shape.of(5, 1))));
  }

  @Test
  void sourcesReadAsPhrases() {
    assertEquals("the system data directory /usr/share/datasets/fashion-mnist",
        DataSource.of(DataSource.Kind.SYSTEM, "/usr/share/datasets/fashion-mnist").toString());
    assertEquals("a download from https://x/ into " + Path.of("/c"),
        DataSource.downloaded("https://x/", Path.of("/c").toString()).toString());
    assertThrows(IllegalArgumentException.class, () -> DataSource.of(DataSource.Kind.DOWNLOAD, "/c"));
  }
}
