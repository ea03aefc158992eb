package dev.jkeras;

import dev.jkeras.serving.Serve;
import java.util.Arrays;

/** The {@code jkeras} command: {@code jkeras serve --model_name=NAME --model_base_path=DIR ...}. */
public final class Jkeras {
  private Jkeras() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("serve")) {
      Serve.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    System.err.println(args.length == 0 ? "jkeras: give a command" : "jkeras: unknown command '" + args[0] + "'");
    System.err.println("usage: jkeras serve --model_name=NAME --model_base_path=DIR [--rest_api_port=8501] "
        + "(jkeras serve --help lists the flags)");
    System.exit(2);
  }
}
