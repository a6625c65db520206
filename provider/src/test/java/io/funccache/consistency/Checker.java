package io.funccache.consistency;

import io.funccache.consistency.History.Call;
import io.funccache.consistency.History.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a recorded history against what each operation promises, given that a call whose
 * outcome is unknown may or may not have applied, and one that was not sent did not.
 */
final class Checker {
  private Checker() {}

  /** Increments by invoke: applied exactly once each when they returned, at most once otherwise. */
  static List<String> counter(List<Call> increments, long finalValue) {
    long returned = increments.stream().filter(c -> c.outcome() == Outcome.OK).count();
    long unknown = increments.stream().filter(c -> c.outcome() == Outcome.UNKNOWN).count();
    List<String> violations = new ArrayList<>();
    if (finalValue < returned || finalValue > returned + unknown) {
      violations.add("counter is " + finalValue + ", outside [" + returned + ", "
          + (returned + unknown) + "] (returned " + returned + ", unknown " + unknown + ")");
    }
    return violations;
  }

  /**
   * A register written only by {@code replace(key, old, new)} with unique new values, from
   * {@code initial}: the successful calls, with some of the unknown ones, form one chain of
   * values from {@code initial} to {@code finalValue}; no two calls succeed from the same old
   * value; a success never follows, in the chain, one that it completed before; a call that was
   * not sent leaves its value nowhere.
   */
  static List<String> register(String key, List<Call> replaces, Object initial, Object finalValue) {
    List<String> violations = new ArrayList<>();
    Map<Object, Call> successFrom = new HashMap<>();
    Map<Object, List<Call>> unknownFrom = new HashMap<>();
    Set<Object> notSentValues = new HashSet<>();
    for (Call c : replaces) {
      if (c.outcome() == Outcome.OK && Boolean.TRUE.equals(c.result())) {
        Call other = successFrom.put(c.expected(), c);
        if (other != null) {
          violations.add(key + ": two replaces succeeded from " + c.expected() + ": " + other
              + " and " + c);
        }
      } else if (c.outcome() == Outcome.UNKNOWN) {
        unknownFrom.computeIfAbsent(c.expected(), k -> new ArrayList<>()).add(c);
      } else if (c.outcome() == Outcome.NOT_SENT) {
        notSentValues.add(c.value());
      }
    }
    if (!violations.isEmpty()) {
      return violations;
    }
    if (!chain(initial, finalValue, successFrom, unknownFrom)) {
      violations.add(key + ": no chain of " + successFrom.size() + " successes (and some of "
          + unknownFrom.values().stream().mapToInt(List::size).sum() + " unknown calls) leads from "
          + initial + " to the final value " + finalValue);
    }
    if (notSentValues.contains(finalValue) || successFrom.keySet().stream()
        .anyMatch(notSentValues::contains)) {
      violations.add(key + ": a value of a call that was not sent was written");
    }
    return violations;
  }

  /** Where a search for the chain stands: a value, the successes used, the last of them. */
  private record Step(Object value, int successesUsed, Call lastSuccess) {}

  /**
   * Searches the chain: from each value the success from it if any (there is at most one), else
   * each unknown call from it. Every value has one writer (new values are unique), so every value
   * is reached by one path at most and the search is linear; iterative, for chains of any length.
   */
  private static boolean chain(Object initial, Object finalValue, Map<Object, Call> successFrom,
      Map<Object, List<Call>> unknownFrom) {
    Deque<Step> pending = new ArrayDeque<>();
    pending.push(new Step(initial, 0, null));
    while (!pending.isEmpty()) {
      Step step = pending.pop();
      Object value = step.value();
      int used = step.successesUsed();
      Call last = step.lastSuccess();
      boolean possible = true;
      for (Call success = successFrom.get(value); success != null;
          success = successFrom.get(value)) {
        if (last != null && success.completed() < last.invoked()) {
          possible = false; // it would follow a call that began only after it had returned
          break;
        }
        value = success.value();
        used++;
        last = success;
      }
      if (!possible) {
        continue;
      }
      if (used == successFrom.size() && Objects.equals(value, finalValue)) {
        return true;
      }
      for (Call unknown : unknownFrom.getOrDefault(value, List.of())) {
        pending.push(new Step(unknown.value(), used, last));
      }
    }
    return false;
  }

  /**
   * {@code putIfAbsent} on a key nobody else writes: at most one call succeeds; the key holds the
   * successful call's value, or one of the unknown calls' (or nothing when none applied); a
   * definite "already there" means some call did apply; a call that was not sent left no value.
   */
  static List<String> firstWriter(String key, List<Call> puts, Object finalValue) {
    List<String> violations = new ArrayList<>();
    List<Call> successes = puts.stream()
        .filter(c -> c.outcome() == Outcome.OK && Boolean.TRUE.equals(c.result())).toList();
    Set<Object> unknownValues = new HashSet<>();
    boolean refused = false;
    for (Call c : puts) {
      if (c.outcome() == Outcome.UNKNOWN) {
        unknownValues.add(c.value());
      }
      refused |= c.outcome() == Outcome.OK && Boolean.FALSE.equals(c.result());
    }
    if (successes.size() > 1) {
      violations.add(key + ": " + successes.size() + " putIfAbsent calls succeeded");
    } else if (successes.size() == 1) {
      if (!Objects.equals(successes.get(0).value(), finalValue)) {
        violations.add(key + ": holds " + finalValue + ", not the successful putIfAbsent's "
            + successes.get(0).value());
      }
    } else if (finalValue != null && !unknownValues.contains(finalValue)) {
      violations.add(key + ": holds " + finalValue + ", which no successful or unknown call wrote");
    } else if (refused && finalValue == null) {
      violations.add(key + ": a putIfAbsent was refused, yet the key is empty");
    }
    return violations;
  }
}
