package dev.jkeras.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What jkeras logged at WARNING through {@link System.Logger} while a body ran. The default
 * {@code System.LoggerFinder} routes to java.util.logging, so a handler on the {@code dev.jkeras} logger sees
 * every library warning; {@link #silenced} keeps them out of the test output instead.
 */
public final class LoggedWarnings {
  private static final Logger JKERAS = Logger.getLogger("dev.jkeras");

  private LoggedWarnings() {}

  /** Runs {@code body} and returns the messages it logged at WARNING, one per line, in order. */
  public static String during(Runnable body) {
    List<String> messages = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          synchronized (messages) {
            messages.add(record.getMessage());
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    JKERAS.addHandler(handler);
    try {
      body.run();
    } finally {
      JKERAS.removeHandler(handler);
    }
    synchronized (messages) {
      return messages.isEmpty() ? "" : String.join("\n", messages) + "\n";
    }
  }

  /** Turns jkeras's log output off until {@link Silence#close()}; for tests that expect warnings. */
  public static Silence silenced() {
    Level saved = JKERAS.getLevel();
    JKERAS.setLevel(Level.OFF);
    return () -> JKERAS.setLevel(saved);
  }

  /** Restores jkeras's log level when closed. */
  public interface Silence extends AutoCloseable {
    @Override
    void close();
  }
}
