package io.funccache.benchmarks.hitrate;

import java.util.HashMap;
import java.util.Map;

/**
 * Calls and server time per command from {@code INFO commandstats}. Two snapshots give what ran in
 * between without {@code CONFIG RESETSTAT}, which a shared server must not get. Used by
 * {@code hitcost} and by the paired quick mode.
 */
public record CommandStats(Map<String, long[]> byCommand) {

  /** Parses the section's fields ({@code cmdstat_get -> calls=3,usec=35,...}). */
  public static CommandStats parse(Map<String, String> info) {
    Map<String, long[]> m = new HashMap<>();
    for (Map.Entry<String, String> e : info.entrySet()) {
      if (!e.getKey().startsWith("cmdstat_")) {
        continue;
      }
      long calls = 0;
      long usec = 0;
      for (String field : e.getValue().split(",")) {
        int eq = field.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = field.substring(0, eq);
        if (name.equals("calls")) {
          calls = Long.parseLong(field.substring(eq + 1));
        } else if (name.equals("usec")) {
          usec = Long.parseLong(field.substring(eq + 1));
        }
      }
      m.put(e.getKey().substring("cmdstat_".length()), new long[] {calls, usec});
    }
    return new CommandStats(m);
  }

  public long calls(String command) {
    long[] v = byCommand.get(command);
    return v == null ? 0 : v[0];
  }

  public long usec(String command) {
    long[] v = byCommand.get(command);
    return v == null ? 0 : v[1];
  }

  /** Calls and microseconds of the given commands from {@code before} to this snapshot. */
  public long[] since(CommandStats before, String... commands) {
    long calls = 0;
    long usec = 0;
    for (String c : commands) {
      calls += calls(c) - before.calls(c);
      usec += usec(c) - before.usec(c);
    }
    return new long[] {calls, usec};
  }
}
