package io.funccache.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One plain connection to a Redis server, speaking RESP 2 itself: for what a test must see as the
 * server sends it (MONITOR's stream) or ask without a client library in between (COMMAND INFO).
 * Text is ISO-8859-1, so every byte of a binary argument survives the round trip.
 */
public final class RespConnection implements AutoCloseable {
  /** An error reply. */
  public record Error(String message) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespConnection(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  /** Sends a command and reads its reply: String, Long, List, {@link Error} or null. */
  public Object call(List<String> args) {
    send(args);
    return read();
  }

  public Object call(String... args) {
    return call(List.of(args));
  }

  public void send(List<String> args) {
    try {
      ByteArrayOutputStream command = new ByteArrayOutputStream();
      command.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.ISO_8859_1);
        command.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        command.writeBytes(bytes);
        command.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write(command.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next reply. */
  public Object read() {
    try {
      String line = line();
      if (line == null) {
        throw new IOException("the server closed the connection");
      }
      char type = line.charAt(0);
      String rest = line.substring(1);
      return switch (type) {
        case '+' -> rest;
        case '-' -> new Error(rest);
        case ':' -> Long.parseLong(rest);
        case '$' -> bulk(Integer.parseInt(rest));
        case '*' -> array(Integer.parseInt(rest));
        default -> throw new IOException("not a RESP 2 reply: " + line);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String bulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length + 2);
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  private List<Object> array(int length) {
    if (length < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      items.add(read());
    }
    return items;
  }

  /** One line without its CRLF, or null at the end of the stream. */
  public String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\r') {
        in.read(); // '\n'
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }
}
