package io.funccache.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.runner.Description;
import org.junit.runner.notification.RunListener;

/**
 * Empties the Redis database reserved for the TCK (the path of {@code funccache.redis.url}) before
 * the run, so results never depend on an earlier run. It refuses database 0, which a developer may
 * use for other things.
 */
public final class FlushReservedDatabase extends RunListener {

  @Override
  public void testRunStarted(Description description) throws IOException {
    URI uri = URI.create(System.getProperty("funccache.redis.url"));
    String path = uri.getPath();
    int database = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
    if (database == 0) {
      throw new IllegalStateException("The TCK needs a Redis database of its own; "
          + uri + " names database 0");
    }
    try (Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("SELECT " + database + "\r\nFLUSHDB\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(10); // "+OK\r\n+OK\r\n"
      String text = new String(reply, StandardCharsets.US_ASCII);
      if (!text.equals("+OK\r\n+OK\r\n")) {
        throw new IllegalStateException("Could not empty Redis database " + database + " at "
            + uri + ": " + text.trim());
      }
    }
  }
}
