package io.funccache.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every command a Redis server runs, through {@code MONITOR}: what clients send, and each
 * command that a script or function runs inside Redis (client {@code lua}), in the server's order.
 * For a server of the test's own: MONITOR sees every client's commands.
 */
public final class CommandMonitor implements AutoCloseable {
  /** One command as MONITOR showed it: the client ({@code lua} inside a script) and its words. */
  public record Command(String client, List<String> args) {
    public boolean fromScript() {
      return client.equals("lua");
    }

    public String name() {
      return args.get(0).toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
      String text = client + " " + String.join(" ", args);
      return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
  }

  private final int port;
  private final RespConnection connection;
  private final List<Command> commands = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile String endMarker;
  private volatile boolean ended;
  private volatile Throwable failure;

  public CommandMonitor(int port) {
    this.port = port;
    this.connection = new RespConnection(port);
    connection.send(List.of("MONITOR"));
    Object ok = connection.read();
    if (!"OK".equals(ok)) {
      throw new IllegalStateException("MONITOR was refused: " + ok);
    }
    reader = new Thread(this::readAll, "command-monitor-" + port);
    reader.setDaemon(true);
    reader.start();
  }

  private void readAll() {
    try {
      String line;
      while ((line = connection.line()) != null) {
        Command command = parse(line);
        if (command.args().size() == 2 && command.name().equals("ECHO")
            && command.args().get(1).equals(endMarker)) {
          ended = true;
          return;
        }
        commands.add(command);
      }
    } catch (IOException | RuntimeException e) {
      if (!ended) {
        failure = e;
      }
    }
  }

  /**
   * Stops recording once every command sent before this call is recorded (a marker sent after
   * them comes back through MONITOR last), and returns them in the server's order.
   */
  public List<Command> stop() {
    endMarker = "funccache-monitor-end-" + UUID.randomUUID();
    try (RespConnection marker = new RespConnection(port)) {
      marker.call("ECHO", endMarker);
    }
    try {
      reader.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failure != null) {
      throw new IllegalStateException("reading MONITOR failed", failure);
    }
    if (!ended) {
      throw new IllegalStateException("MONITOR did not show the end marker within 30 s");
    }
    close();
    return new ArrayList<>(commands);
  }

  /**
   * One MONITOR line: {@code +<time> [<db> <client>] "word" "word" ...}, each word quoted the way
   * Redis quotes ({@code \\}, {@code \"}, {@code \n}, {@code \r}, {@code \t}, {@code \a},
   * {@code \b}, {@code \xhh}).
   */
  public static Command parse(String line) {
    int open = line.indexOf('[');
    int close = line.indexOf(']', open);
    if (open < 0 || close < 0) {
      throw new IllegalStateException("not a MONITOR line: " + line);
    }
    String[] where = line.substring(open + 1, close).split(" ", 2);
    String client = where.length == 2 ? where[1] : where[0];
    List<String> args = new ArrayList<>();
    int i = close + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      if (c != '"') {
        throw new IllegalStateException("unquoted word at " + i + " in MONITOR line: " + line);
      }
      StringBuilder word = new StringBuilder();
      i++;
      while (line.charAt(i) != '"') {
        char d = line.charAt(i);
        if (d != '\\') {
          word.append(d);
          i++;
          continue;
        }
        char e = line.charAt(i + 1);
        switch (e) {
          case 'n' -> word.append('\n');
          case 'r' -> word.append('\r');
          case 't' -> word.append('\t');
          case 'a' -> word.append('\u0007');
          case 'b' -> word.append('\b');
          case 'x' -> {
            word.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
            i += 2;
          }
          default -> word.append(e); // \\ and \"
        }
        i += 2;
      }
      args.add(word.toString());
      i++;
    }
    return new Command(client, List.copyOf(args));
  }

  @Override
  public void close() {
    ended = true;
    connection.close();
  }
}
