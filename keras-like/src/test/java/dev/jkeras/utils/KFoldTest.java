package dev.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KFoldTest {

  @Test
  void consecutiveFoldsTheFirstOnesLarger() {
    // scikit-learn: list(KFold(3).split(range(7))) gives test folds [0 1 2], [3 4], [5 6].
    List<KFold.Split> splits = new KFold(3).split(7);
    assertEquals(3, splits.size());
    assertArrayEquals(new int[] {0, 1, 2}, splits.get(0).validation());
    assertArrayEquals(new int[] {3, 4, 5, 6}, splits.get(0).train());
    assertArrayEquals(new int[] {3, 4}, splits.get(1).validation());
    assertArrayEquals(new int[] {0, 1, 2, 5, 6}, splits.get(1).train());
    assertArrayEquals(new int[] {5, 6}, splits.get(2).validation());
  }

  @Test
  void shuffledFoldsPartitionTheExamplesAndAreReproducible() {
    int n = 103;
    List<KFold.Split> splits = new KFold(4, true, 42L).split(n);
    int[] seen = new int[n];
    for (KFold.Split split : splits) {
      assertEquals(n, split.train().length + split.validation().length);
      assertTrue(isAscending(split.train()) && isAscending(split.validation()));
      for (int i : split.validation()) {
        seen[i]++;
      }
      assertTrue(Arrays.stream(split.train()).noneMatch(i -> Arrays.binarySearch(split.validation(), i) >= 0));
    }
    assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "every example validates exactly once");
    assertEquals(List.of(26, 26, 26, 25), splits.stream().map(s -> s.validation().length).toList());

    List<KFold.Split> again = new KFold(4, true, 42L).split(n);
    for (int f = 0; f < 4; f++) {
      assertArrayEquals(splits.get(f).validation(), again.get(f).validation());
    }
    assertNotEquals(Arrays.toString(splits.get(0).validation()),
        Arrays.toString(new KFold(4, true, 43L).split(n).get(0).validation()), "another seed, other folds");
    assertNotEquals(Arrays.toString(IntStream.range(0, 26).toArray()), Arrays.toString(splits.get(0).validation()),
        "shuffled, not consecutive");
  }

  @Test
  void rejectsImpossibleSettings() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new KFold(1)).getMessage().contains("got 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new KFold(5).split(3)).getMessage()
        .contains("n_splits=5"));
    assertThrows(IllegalArgumentException.class, () -> new KFold(3, false, 1L));
    assertEquals("KFold(n_splits=3, shuffle=True, random_state=7)", new KFold(3, true, 7L).toString());
  }

  private static boolean isAscending(int[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i] <= a[i - 1]) {
        return false;
      }
    }
    return true;
  }
}
