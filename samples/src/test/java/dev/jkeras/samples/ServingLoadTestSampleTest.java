package dev.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The serving load test, short: 4 clients for 3 s each way, no error, the version swap picked up. */
class ServingLoadTestSampleTest {
  @Test
  @Timeout(240)
  void shortLoadDropsNoRequestAndPicksUpTheNewVersion() throws Exception {
    List<ServingLoadTest.Result> results = ServingLoadTest.run(4, 3, 32, 1);
    assertEquals(2, results.size());
    for (ServingLoadTest.Result result : results) {
      assertTrue(result.requests() > 0, result.toString());
      assertEquals(0, result.errors(), result.toString());
      assertTrue(result.swapped(), result.toString());
      assertTrue(result.p50Ms() > 0 && result.p99Ms() >= result.p50Ms(), result.toString());
    }
    assertTrue(Double.isNaN(results.get(0).meanBatchRows()), "the first run is unbatched");
    assertTrue(results.get(1).meanBatchRows() >= 1, results.get(1).toString());
  }
}
