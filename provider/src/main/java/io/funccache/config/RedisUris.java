package io.funccache.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code redis://} and {@code rediss://} URIs: server, credentials, database and options. */
final class RedisUris {
  static final Set<String> OPTIONS =
      Set.of("namespace", "prefix", "timeout", "connectTimeout", "retryAttempts", "retryInterval");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final int DEFAULT_RETRY_ATTEMPTS = 1;
  static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(200);

  private RedisUris() {}

  static boolean isRedis(URI uri) {
    return "redis".equalsIgnoreCase(uri.getScheme()) || "rediss".equalsIgnoreCase(uri.getScheme());
  }

  /** The URI as it may be shown: any password replaced by {@code ****}. */
  static String mask(URI uri) {
    String raw = uri.getRawUserInfo();
    if (raw == null || !raw.contains(":")) {
      return uri.toString();
    }
    String masked = raw.substring(0, raw.indexOf(':')) + ":****";
    return uri.toString().replace(raw + "@", masked + "@");
  }

  /** A parsed URI: connection settings plus the namespace and prefix options, when given. */
  record Parsed(RedisConnectionSettings connection, String namespace, String prefix) {}

  static Parsed parse(URI uri, String where) {
    String shown = mask(uri);
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ConfigException(where + ": '" + shown + "' names no host; write redis://host:port");
    }
    String scheme = uri.getScheme().toLowerCase();
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    String address = scheme + "://" + uri.getHost() + ":" + port;

    String username = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        // redis://secret@host is how some clients spell a password alone.
        password = decode(userInfo);
      } else {
        username = colon == 0 ? null : decode(userInfo.substring(0, colon));
        password = decode(userInfo.substring(colon + 1));
      }
    }

    int database = 0;
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      String db = path.substring(1);
      if (!db.matches("\\d{1,5}")) {
        throw new ConfigException(where + ": '" + shown + "': the path must be a database index"
            + " (redis://host:port/0), not '" + db + "'");
      }
      database = Integer.parseInt(db);
    }

    Map<String, String> options = query(uri, where, shown);
    Duration timeout = duration(options, "timeout", DEFAULT_TIMEOUT, where);
    Duration connectTimeout = duration(options, "connectTimeout", DEFAULT_CONNECT_TIMEOUT, where);
    Duration retryInterval = duration(options, "retryInterval", DEFAULT_RETRY_INTERVAL, where);
    int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
    if (options.containsKey("retryAttempts")) {
      retryAttempts = nonNegativeInt(options.get("retryAttempts"), where + " option retryAttempts");
    }
    RedisConnectionSettings connection = new RedisConnectionSettings(address, username, password,
        database, connectTimeout, timeout, retryAttempts, retryInterval, null);
    return new Parsed(connection, options.get("namespace"), options.get("prefix"));
  }

  static int nonNegativeInt(String text, String where) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(where + ": '" + text + "' is not a whole number >= 0");
  }

  private static Duration duration(Map<String, String> options, String name, Duration fallback,
      String where) {
    String text = options.get(name);
    return text == null ? fallback : Durations.parse(text, where + " option " + name);
  }

  private static Map<String, String> query(URI uri, String where, String shown) {
    Map<String, String> options = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return options;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!OPTIONS.contains(name)) {
        throw new ConfigException(where + ": '" + shown + "' has unknown option '" + name
            + "'; known options: " + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
      options.put(name, value);
    }
    return options;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
