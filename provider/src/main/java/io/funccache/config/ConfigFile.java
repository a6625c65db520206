package io.funccache.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.funccache.EvictionPolicy;
import io.funccache.OnDecodeFailure;
import io.funccache.store.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a funccache YAML file (see {@code funccache-reference.yaml}) strictly: an unknown key, a
 * wrong type or a bad value fails with the file, the key's path and what is wrong.
 */
final class ConfigFile {
  private static final Set<String> TOP =
      Set.of("redis", "namespace", "prefix", "defaults", "caches", "policies");
  private static final Set<String> REDIS = Set.of("url", "username", "password", "timeout",
      "connectTimeout", "retryAttempts", "retryInterval", "redisson", "truststore",
      "truststorePassword", "credentials", "credentialsLifetime");
  private static final Set<String> CACHE = Set.of("policy", "maxSize", "shards", "nearCache", "maxValueSize", "singleFlight",
      "singleFlightLease", "failOpen", "ttl", "expiry", "codec",
      "keyCodec", "allowedClasses", "keyType", "valueType", "statistics", "management",
      "onDecodeFailure");
  private static final Set<String> EXPIRY = Set.of("policy", "duration");
  private static final Set<String> NEAR = Set.of("maxSize", "ttl");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String file;
  private final Function<String, String> env;
  private final ClassLoader classLoader;
  /** Where relative policy paths start: the config file's directory (null: the working one). */
  private final Path directory;
  /** The file's own policies, read before any cache names one. */
  private Map<String, PolicySource> policies = Map.of();

  ConfigFile(String file, Function<String, String> env) {
    this(file, env, Thread.currentThread().getContextClassLoader(), null);
  }

  ConfigFile(String file, Function<String, String> env, ClassLoader classLoader, Path directory) {
    this.file = file;
    this.env = env;
    this.classLoader = classLoader;
    this.directory = directory;
  }

  /** The settings in {@code text}; {@code props} may override namespace and prefix afterwards. */
  FuncCacheSettings parse(String text) {
    JsonNode root;
    try {
      root = text.isBlank() ? MissingNode.getInstance() : YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException("funccache config " + file + " is not valid YAML" + where + ": "
          + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = YAML.createObjectNode();
    }
    requireObject(root, "(top level)");
    checkKeys(root, TOP, "");

    RedisConnectionSettings redis = redis(root.path("redis"));
    policies = policies(root.path("policies"));
    String namespace = text(root, "namespace", "namespace");
    String prefix = text(root, "prefix", "prefix");
    CacheSettings defaults = cache(root.path("defaults"), "defaults");
    Map<String, CacheSettings> caches = new LinkedHashMap<>();
    Map<String, CacheSettings> patterns = new LinkedHashMap<>(); // file order breaks ties
    JsonNode declared = root.path("caches");
    if (!declared.isMissingNode() && !declared.isNull()) {
      requireObject(declared, "caches");
      for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> entry = it.next();
        CacheSettings settings = cache(entry.getValue(), "caches." + entry.getKey());
        (CacheNamePattern.isPattern(entry.getKey()) ? patterns : caches)
            .put(entry.getKey(), settings);
      }
    }
    return new FuncCacheSettings(file, redis,
        namespace == null ? FuncCacheSettings.DEFAULT_NAMESPACE : namespace,
        prefix == null ? FuncCacheSettings.DEFAULT_PREFIX : prefix, defaults, caches, patterns,
        List.copyOf(policies.values()));
  }

  /** {@code policies:} name -> where its Lua is ({@code classpath:path} or a file path). */
  private Map<String, PolicySource> policies(JsonNode node) {
    Map<String, PolicySource> read = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return read;
    }
    requireObject(node, "policies");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      String key = it.next().getKey();
      String path = "policies." + key;
      String location = text(node, key, path);
      String name = key.trim().toUpperCase(Locale.ROOT);
      if (location == null || location.isBlank()) {
        throw fail(path, "give the policy's Lua file: classpath:path/to/policy.lua or a file path");
      }
      String lua = readPolicy(location.trim(), path);
      try {
        read.put(name, new PolicySource(name, lua, location.trim()));
      } catch (IllegalArgumentException e) {
        throw fail(path, e.getMessage());
      }
    }
    return read;
  }

  private String readPolicy(String location, String path) {
    if (location.startsWith("classpath:")) {
      String resource = location.substring("classpath:".length());
      resource = resource.startsWith("/") ? resource.substring(1) : resource;
      try (InputStream in = classLoader == null ? null : classLoader.getResourceAsStream(resource)) {
        if (in == null) {
          throw fail(path, location + " was not found on the class path");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw fail(path, location + " cannot be read: " + e);
      }
    }
    Path policyFile = Path.of(location.startsWith("file:") ? location.substring(5) : location);
    if (!policyFile.isAbsolute() && directory != null) {
      policyFile = directory.resolve(policyFile);
    }
    try {
      return Files.readString(policyFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw fail(path, "policy file " + policyFile + " cannot be read: " + e);
    }
  }

  private RedisConnectionSettings redis(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return defaultConnection();
    }
    requireObject(node, "redis");
    checkKeys(node, REDIS, "redis.");
    String inline = text(node, "redisson", "redis.redisson");
    String url = text(node, "url", "redis.url");
    RedisConnectionSettings base = defaultConnection();
    if (url != null) {
      URI uri;
      try {
        uri = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        throw fail("redis.url", "'" + url + "' is not a URI: " + e.getMessage());
      }
      if (!RedisUris.isRedis(uri)) {
        throw fail("redis.url", "'" + RedisUris.mask(uri) + "' must start with one of "
            + String.join(", ", RedisUris.SCHEMES.stream().sorted().map(x -> x + "://").toList()));
      }
      base = RedisUris.parse(uri, "funccache config " + file + ", redis.url").connection();
    }
    String username = text(node, "username", "redis.username");
    String password = text(node, "password", "redis.password");
    Duration timeout = duration(node, "timeout", "redis.timeout");
    Duration connectTimeout = duration(node, "connectTimeout", "redis.connectTimeout");
    Duration retryInterval = duration(node, "retryInterval", "redis.retryInterval");
    Integer retryAttempts = integer(node, "retryAttempts", "redis.retryAttempts");
    String truststore = text(node, "truststore", "redis.truststore");
    String truststorePassword = text(node, "truststorePassword", "redis.truststorePassword");
    String credentials = text(node, "credentials", "redis.credentials");
    Duration lifetime = duration(node, "credentialsLifetime", "redis.credentialsLifetime");
    RedisConnectionSettings settings = new RedisConnectionSettings(base.topology(), base.nodes(), base.sentinelMaster(),
        username != null ? username : base.username(),
        password != null ? password : base.password(),
        base.database(),
        connectTimeout != null ? connectTimeout : base.connectTimeout(),
        timeout != null ? timeout : base.timeout(),
        retryAttempts != null ? retryAttempts : base.retryAttempts(),
        retryInterval != null ? retryInterval : base.retryInterval(),
        inline,
        truststore != null ? truststore : base.truststore(),
        truststorePassword != null ? truststorePassword : base.truststorePassword());
    if (credentials == null) {
      return lifetime == null ? settings : settings.withCredentials(null, lifetime);
    }
    return settings.withCredentials(CredentialsSettings.instantiate(credentials,
        classLoader != null ? classLoader : ConfigFile.class.getClassLoader(),
        "funccache config " + file + ", redis.credentials"), lifetime);
  }

  private static RedisConnectionSettings defaultConnection() {
    return new RedisConnectionSettings(RedisConnectionSettings.Topology.SINGLE,
        java.util.List.of(RedisConnectionSettings.DEFAULT_ADDRESS), null, null, null, 0,
        RedisUris.DEFAULT_CONNECT_TIMEOUT, RedisUris.DEFAULT_TIMEOUT,
        RedisUris.DEFAULT_RETRY_ATTEMPTS, RedisUris.DEFAULT_RETRY_INTERVAL, null, null, null);
  }

  private CacheSettings cache(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return CacheSettings.EMPTY;
    }
    requireObject(node, path);
    checkKeys(node, CACHE, path + ".");
    String policy = null;
    String policyText = text(node, "policy", path + ".policy");
    if (policyText != null) {
      policy = policyText.trim().toUpperCase(Locale.ROOT);
      boolean builtIn = Arrays.stream(EvictionPolicy.values()).anyMatch(p -> p.name().equals(
          policyText.trim().toUpperCase(Locale.ROOT)));
      if (!builtIn && !policies.containsKey(policy)) {
        throw fail(path + ".policy", "'" + policyText + "' is not a policy; use one of "
            + Arrays.toString(EvictionPolicy.values())
            + (policies.isEmpty() ? " or one of your own, declared under policies:"
                : " or one declared under policies: " + policies.keySet()));
      }
    }
    // Read as text like every other number, so that ${VAR} works here too.
    Long maxSize = null;
    String max = text(node, "maxSize", path + ".maxSize");
    if (max != null) {
      try {
        maxSize = Long.parseLong(max.trim());
      } catch (NumberFormatException e) {
        maxSize = -1L;
      }
      if (maxSize < 0) {
        throw fail(path + ".maxSize", "'" + max + "' is not a whole number >= 0"
            + " (0 = unbounded)");
      }
    }
    Integer shards = integer(node, "shards", path + ".shards");
    if (shards != null && (shards < 1 || shards > 1024)) {
      throw fail(path + ".shards", "must be between 1 and 1024, was " + shards);
    }
    Long nearMaxSize = null;
    Duration nearTtl = null;
    JsonNode near = node.get("nearCache");
    if (near != null && !near.isNull()) {
      requireObject(near, path + ".nearCache");
      checkKeys(near, NEAR, path + ".nearCache.");
      Integer nearMax = integer(near, "maxSize", path + ".nearCache.maxSize");
      nearMaxSize = nearMax == null ? null : nearMax.longValue();
      nearTtl = positiveDuration(near, "ttl", path + ".nearCache.ttl");
    }
    Duration ttl = positiveDuration(node, "ttl", path + ".ttl");
    Integer maxValueSize = integer(node, "maxValueSize", path + ".maxValueSize");
    Duration lease = positiveDuration(node, "singleFlightLease", path + ".singleFlightLease");
    return new CacheSettings(policy, maxSize, shards, nearMaxSize, nearTtl, maxValueSize,
        bool(node, "singleFlight", path + ".singleFlight"), lease,
        bool(node, "failOpen", path + ".failOpen"), ttl, expiry(node.get("expiry"), path + ".expiry"),
        text(node, "codec", path + ".codec"), text(node, "keyCodec", path + ".keyCodec"),
        stringList(node, "allowedClasses", path),
        text(node, "keyType", path + ".keyType"), text(node, "valueType", path + ".valueType"),
        bool(node, "statistics", path + ".statistics"),
        bool(node, "management", path + ".management"),
        onDecodeFailure(node, path + ".onDecodeFailure"));
  }

  private OnDecodeFailure onDecodeFailure(JsonNode node, String path) {
    String text = text(node, "onDecodeFailure", path);
    if (text == null) {
      return null;
    }
    try {
      return OnDecodeFailure.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw fail(path, "'" + text + "' is not miss or throw (miss: an undecodable entry is a miss"
          + " and is dropped; throw: the read fails with a CodecException)");
    }
  }

  private ExpirySettings expiry(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    requireObject(node, path);
    checkKeys(node, EXPIRY, path + ".");
    String kindText = text(node, "policy", path + ".policy");
    if (kindText == null) {
      throw fail(path + ".policy", "is missing; use created, accessed, modified, touched or eternal");
    }
    ExpirySettings.Kind kind;
    try {
      kind = ExpirySettings.Kind.valueOf(kindText.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw fail(path + ".policy", "'" + kindText + "' is not one of created, accessed, modified,"
          + " touched, eternal");
    }
    Duration duration = duration(node, "duration", path + ".duration");
    if (kind != ExpirySettings.Kind.ETERNAL && duration == null) {
      throw fail(path + ".duration", "is missing; " + kindText + " expiry needs a duration");
    }
    return new ExpirySettings(kind, duration);
  }

  private void checkKeys(JsonNode node, Set<String> known, String pathPrefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
      String key = it.next();
      if (!known.contains(key)) {
        String suggestion = closest(key, known);
        throw fail(pathPrefix + key, "is not a known key"
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
            + "; known here: " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
            previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw fail(path, "must be a mapping of keys to values, not '" + node.asText() + "'");
    }
  }

  private String text(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw fail(path, "must be a single value");
    }
    return expand(node.asText(), path);
  }

  private Duration duration(JsonNode parent, String key, String path) {
    String text = text(parent, key, path);
    return text == null ? null : Durations.parse(text, "funccache config " + file + ", " + path);
  }

  /** A duration of at least 1 ms, or null when absent. */
  private Duration positiveDuration(JsonNode parent, String key, String path) {
    Duration duration = duration(parent, key, path);
    if (duration != null && duration.toMillis() < 1) {
      throw fail(path, "must be at least 1ms");
    }
    return duration;
  }

  private Integer integer(JsonNode parent, String key, String path) {
    String text = text(parent, key, path);
    return text == null ? null
        : RedisUris.nonNegativeInt(text, "funccache config " + file + ", " + path);
  }

  private Boolean bool(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw fail(path, "'" + node.asText() + "' is not true or false");
    }
    return node.asBoolean();
  }

  private List<String> stringList(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw fail(path + "." + key, "must be a list, e.g. [com.example.*]");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isValueNode()) {
        throw fail(path + "." + key, "must hold class names or patterns only");
      }
      out.add(expand(item.asText(), path + "." + key));
    }
    return List.copyOf(out);
  }

  /** Replaces {@code ${VAR}} with the environment variable's value. */
  private String expand(String text, String path) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null) {
        throw fail(path, "uses ${" + m.group(1) + "}, but that environment variable is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private ConfigException fail(String path, String problem) {
    return new ConfigException("funccache config " + file + ": " + path + " " + problem);
  }
}
