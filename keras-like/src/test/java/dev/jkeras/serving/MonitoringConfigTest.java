package dev.jkeras.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class MonitoringConfigTest {
  @Test
  void readsTfServingsMonitoringConfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("monitoring.config");
    Files.writeString(file, "prometheus_config {\n  enable: true,\n  path: \"/monitoring/prometheus/metrics\"\n}\n");
    assertEquals(MonitoringConfig.prometheus(), MonitoringConfig.fromFile(file));
    assertEquals(new MonitoringConfig(true, "/metrics"), MonitoringConfig.parse("prometheus_config: < enable: true path: '/metrics' >"));
    assertEquals(new MonitoringConfig(true, ServingMetrics.PROMETHEUS_PATH), MonitoringConfig.parse("prometheus_config { enable: true }"));
    assertEquals(MonitoringConfig.disabled(), MonitoringConfig.parse(""));
    assertEquals(MonitoringConfig.disabled(), MonitoringConfig.parse("prometheus_config { enable: false }"));
  }

  @Test
  void badConfigsSayWhatToWrite() {
    assertError("prometheus { enable: true }", "Unknown field 'prometheus'");
    assertError("prometheus_config { enable: yes }", "enable must be true or false, got 'yes'");
    assertError("prometheus_config { enable: true", "Missing '}' closing prometheus_config");
    assertError("prometheus_config { enable: true path: \"metrics\" }", "must be an absolute URL path");
    assertError("prometheus_config { port: 9 }", "Unknown field 'port' in prometheus_config");
    assertError("prometheus_config: true", "prometheus_config is a message");
  }

  private static void assertError(String text, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MonitoringConfig.parse(text));
    assertTrue(e.getMessage().contains(expected), "'" + text + "' gave: " + e.getMessage());
  }
}
