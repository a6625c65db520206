package io.funccache.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.funccache.config.RedisConnectionSettings.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redis URIs: {@code redis://} (one server), {@code redis-cluster://} (cluster seed nodes),
 * {@code redis-sentinel://.../master} (sentinels), each with an {@code s} for TLS
 * ({@code rediss://}, ...), credentials, database and options; and each of these spelled
 * {@code valkey} instead of {@code redis} ({@code valkey://}, {@code valkeys-cluster://}, ...).
 */
final class RedisUris {
  static final Set<String> OPTIONS =
      Set.of("namespace", "prefix", "timeout", "connectTimeout", "retryAttempts", "retryInterval",
          "truststore", "truststorePassword");
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final int DEFAULT_RETRY_ATTEMPTS = 1;
  static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(200);

  private RedisUris() {}

  /** Valkey's names for the same forms: {@code valkey://}, {@code valkeys://} (TLS), ... */
  static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-cluster", "rediss-cluster",
      "redis-sentinel", "rediss-sentinel", "valkey", "valkeys", "valkey-cluster",
      "valkeys-cluster", "valkey-sentinel", "valkeys-sentinel");

  /** Whether a scheme asks for TLS: {@code rediss...} or {@code valkeys...}. */
  private static boolean tls(String scheme) {
    return scheme.startsWith("rediss") || scheme.startsWith("valkeys");
  }

  static boolean isRedis(URI uri) {
    return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }

  /** The URI as it may be shown: any password replaced by {@code ****}. */
  static String mask(URI uri) {
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return uri.toString();
    }
    int at = authority.lastIndexOf('@');
    if (at < 0 || authority.indexOf(':') < 0 || authority.indexOf(':') > at) {
      return uri.toString();
    }
    String userInfo = authority.substring(0, at);
    String masked = userInfo.substring(0, userInfo.indexOf(':')) + ":****";
    return uri.toString().replace(userInfo + "@", masked + "@");
  }

  /** A parsed URI: connection settings plus the namespace and prefix options, when given. */
  record Parsed(RedisConnectionSettings connection, String namespace, String prefix) {}

  static Parsed parse(URI uri, String where) {
    String shown = mask(uri);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Topology topology = scheme.endsWith("-cluster") ? Topology.CLUSTER
        : scheme.endsWith("-sentinel") ? Topology.SENTINEL : Topology.SINGLE;
    String nodeScheme = tls(scheme) ? "rediss" : "redis"; // what Redisson's addresses take
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new ConfigException(where + ": '" + shown + "' names no host; write " + scheme
          + "://host:port");
    }
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : authority.substring(0, at);
    String hosts = at < 0 ? authority : authority.substring(at + 1);

    String username = null;
    String password = null;
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

    int defaultPort = topology == Topology.SENTINEL ? 26379 : 6379;
    List<String> nodes = new ArrayList<>();
    for (String node : hosts.split(",")) {
      nodes.add(nodeScheme + "://" + hostAndPort(node.trim(), defaultPort, where, shown));
    }
    if (topology == Topology.SINGLE && nodes.size() != 1) {
      throw new ConfigException(where + ": '" + shown + "' names " + nodes.size() + " servers;"
          + " for several use redis-cluster:// or redis-sentinel://");
    }

    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(decode(segment));
      }
    }
    String sentinelMaster = null;
    int database = 0;
    switch (topology) {
      case SINGLE -> database = database(segments, 0, where, shown, "redis://host:port/0");
      case CLUSTER -> {
        // Redis Cluster, and services in cluster mode, refuse SELECT: database 0 or nothing.
        if (database(segments, 0, where, shown, "redis-cluster://host:port,host:port/0") != 0) {
          throw new ConfigException(where + ": '" + shown + "' asks for database "
              + segments.get(0) + ", but a cluster has only database 0 (it refuses SELECT);"
              + " write " + scheme + "://host:port,host:port with no path, or /0");
        }
      }
      case SENTINEL -> {
        if (segments.isEmpty()) {
          throw new ConfigException(where + ": '" + shown + "' names no master; write"
              + " redis-sentinel://host:26379,host:26380/mymaster[/db]");
        }
        sentinelMaster = segments.get(0);
        database = database(segments, 1, where, shown, "redis-sentinel://host:26379/mymaster/0");
      }
      default -> throw new IllegalStateException(topology.name());
    }

    Map<String, String> options = query(uri, where, shown);
    Duration timeout = duration(options, "timeout", DEFAULT_TIMEOUT, where);
    Duration connectTimeout = duration(options, "connectTimeout", DEFAULT_CONNECT_TIMEOUT, where);
    Duration retryInterval = duration(options, "retryInterval", DEFAULT_RETRY_INTERVAL, where);
    int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
    if (options.containsKey("retryAttempts")) {
      retryAttempts = nonNegativeInt(options.get("retryAttempts"), where + " option retryAttempts");
    }
    RedisConnectionSettings connection = new RedisConnectionSettings(topology, List.copyOf(nodes),
        sentinelMaster, username, password, database, connectTimeout, timeout, retryAttempts,
        retryInterval, null, options.get("truststore"), options.get("truststorePassword"));
    return new Parsed(connection, options.get("namespace"), options.get("prefix"));
  }

  private static int database(List<String> segments, int index, String where, String shown,
      String example) {
    if (segments.size() <= index) {
      return 0;
    }
    String db = segments.get(index);
    if (segments.size() > index + 1 || !db.matches("\\d{1,5}")) {
      throw new ConfigException(where + ": '" + shown + "': the path must end in a database index"
          + " (" + example + "), not '" + String.join("/", segments) + "'");
    }
    return Integer.parseInt(db);
  }

  private static String hostAndPort(String node, int defaultPort, String where, String shown) {
    String host = node;
    String port = null;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      if (close < 0) {
        throw new ConfigException(where + ": '" + shown + "': unclosed [ in '" + node + "'");
      }
      host = node.substring(0, close + 1);
      if (close + 1 < node.length()) {
        if (node.charAt(close + 1) != ':') {
          throw new ConfigException(where + ": '" + shown + "': bad server '" + node + "'");
        }
        port = node.substring(close + 2);
      }
    } else if (node.contains(":")) {
      host = node.substring(0, node.lastIndexOf(':'));
      port = node.substring(node.lastIndexOf(':') + 1);
    }
    if (host.isEmpty()) {
      throw new ConfigException(where + ": '" + shown + "' names a server without a host");
    }
    int number = defaultPort;
    if (port != null) {
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw new ConfigException(where + ": '" + shown + "': '" + port + "' is not a port");
      }
      number = Integer.parseInt(port);
    }
    return host + ":" + number;
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
