package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast %g of floats gives the exact path's text, or steps aside. */
class FastPrintfGTest {
  private static int compare(float f, int precision) {
    String fast = FastPrintfG.format(f, precision);
    if (fast == null) {
      return 0;
    }
    assertEquals(RapidJsonWriter.printfG(f, precision), fast, "%." + precision + "g of " + f + " ("
        + Integer.toHexString(Float.floatToRawIntBits(f)) + ")");
    return 1;
  }

  @Test
  void randomFloatsOfEveryMagnitudeAgreeWithTheExactPath() {
    Random random = new Random(11);
    int fast = 0;
    int n = 30_000;
    for (int i = 0; i < n; i++) {
      float bits = Float.intBitsToFloat(random.nextInt());
      float softmax = random.nextFloat() * (float) Math.pow(10, -random.nextInt(9));
      for (float f : new float[] {bits, softmax, random.nextInt(256) / 255f}) {
        if (Float.isFinite(f)) {
          fast += compare(f, 6) + compare(f, 9);
        }
      }
    }
    assertTrue(fast > 3 * n, "the fast path answered " + fast + " of " + 6 * n);
  }

  @Test
  void edgesAgreeOrStepAside() {
    float[] edges = {0.5f, 1f, 9.5f, 999999.5f, 999999.4f, 1e6f, 1e-4f, 1e-5f, 9.9999995e-5f, 0.00012345678f,
        123456.79f, 1234567.9f, 100000f, 3.4028235e38f, 1.4e-45f, 1.17549435e-38f, 0.1f, 0.2f, 1f / 3, 2f / 3,
        -0.5f, -123.456f, 9000000f, 999999f, 0.0003f, 0.00003f, 555557.5f, 16777216f, 16777215f};
    for (float f : edges) {
      compare(f, 6);
      compare(f, 9);
      compare(-f, 6);
    }
    assertNull(FastPrintfG.format(0.0, 6), "zeros go to the exact path");
    assertNull(FastPrintfG.format(Double.NaN, 6));
    assertNull(FastPrintfG.format(1.0, 17), "doubles' 17 digits are beyond it");
    assertEquals("0.333333343", RapidJsonWriter.decimal(1f / 3));
    assertEquals("9e+06", RapidJsonWriter.decimal(9000000f));
    assertEquals("3e-05", RapidJsonWriter.decimal(0.00003f));
  }
}
