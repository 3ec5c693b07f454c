package dev.manifestguard;

import dev.manifestguard.cli.CheckCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One jar, two programs: {@code check ...} is the offline CLI and returns before Quarkus (CDI,
 * HTTP) starts, so it answers in a fraction of a second; anything else starts the webhook.
 */
@QuarkusMain
public class Main {
  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("check")) {
      PrintStream out =
          new PrintStream(
              new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
              false,
              StandardCharsets.UTF_8);
      int code =
          CheckCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, out, System.err);
      out.flush();
      System.exit(code);
    }
    Quarkus.run(args);
  }
}
