package io.funccache.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, {@code 1d}, or ISO-8601. */
final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code text}; {@code where} names the setting and its source for the error message. */
  static Duration parse(String text, String where) {
    String trimmed = text.trim();
    Matcher m = SIMPLE.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    if (trimmed.matches("-?\\d+")) {
      throw new ConfigException(where + ": '" + trimmed + "' has no unit; write it as 500ms, 2s,"
          + " 10m, 1h, 1d or ISO-8601 (PT10M)");
    }
    try {
      Duration duration = Duration.parse(trimmed);
      if (duration.isNegative()) {
        throw new ConfigException(where + ": '" + trimmed + "' is negative");
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new ConfigException(where + ": '" + trimmed + "' is not a duration; write it as"
          + " 500ms, 2s, 10m, 1h, 1d or ISO-8601 (PT10M)");
    }
  }
}
