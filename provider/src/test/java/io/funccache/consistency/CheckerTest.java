package io.funccache.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.consistency.History.Call;
import io.funccache.consistency.History.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker on histories made by hand: it accepts what is allowed and finds what is not. */
class CheckerTest {
  private long clock;

  private Call call(String op, Object expected, Object value, Object result, Outcome outcome) {
    long invoked = ++clock;
    return new Call(op, "k", expected, value, result, outcome, invoked, ++clock, "t");
  }

  @Test
  void aCounterMayEndAnywhereBetweenTheReturnedAndTheReturnedPlusUnknownCalls() {
    List<Call> calls = List.of(call("increment", null, null, null, Outcome.OK),
        call("increment", null, null, null, Outcome.OK),
        call("increment", null, null, null, Outcome.UNKNOWN),
        call("increment", null, null, null, Outcome.NOT_SENT));
    assertEquals(List.of(), Checker.counter(calls, 2));
    assertEquals(List.of(), Checker.counter(calls, 3));
    assertEquals(1, Checker.counter(calls, 4).size(), "an increment applied twice");
    assertEquals(1, Checker.counter(calls, 1).size(), "a returned increment lost");
  }

  @Test
  void registerSuccessesMustFormOneChainThroughSomeUnknownCalls() {
    List<Call> calls = new ArrayList<>(List.of(
        call("replace", "init", "a", true, Outcome.OK),
        call("replace", "a", "b", null, Outcome.UNKNOWN),     // applied: c follows b
        call("replace", "a", "x", null, Outcome.UNKNOWN),     // did not apply
        call("replace", "b", "c", true, Outcome.OK),
        call("replace", "b", "y", false, Outcome.OK)));       // refused: b was gone
    assertEquals(List.of(), Checker.register("k", calls, "init", "c"));
    assertEquals(1, Checker.register("k", calls, "init", "b").size(), "c's success is missing");

    calls.add(call("replace", "b", "z", true, Outcome.OK));
    assertTrue(Checker.register("k", calls, "init", "c").get(0).contains("two replaces"),
        "two successes from one old value: one of them applied on a value that was gone");
  }

  @Test
  void aSuccessCannotFollowOneThatStartedAfterItReturned() {
    Call second = call("replace", "a", "b", true, Outcome.OK); // returned before the first began
    Call first = call("replace", "init", "a", true, Outcome.OK);
    assertEquals(1, Checker.register("k", List.of(first, second), "init", "b").size());
  }

  @Test
  void aCallThatWasNotSentLeavesNoTrace() {
    List<Call> calls = List.of(call("replace", "init", "a", null, Outcome.NOT_SENT));
    assertEquals(List.of(), Checker.register("k", calls, "init", "init"));
    assertEquals(2, Checker.register("k", calls, "init", "a").size());
    List<Call> puts = List.of(call("putIfAbsent", null, "p", null, Outcome.NOT_SENT));
    assertEquals(List.of(), Checker.firstWriter("k", puts, null));
    assertEquals(1, Checker.firstWriter("k", puts, "p").size());
  }

  @Test
  void oneFirstWriterWinsAndARefusalMeansSomeoneApplied() {
    Call won = call("putIfAbsent", null, "a", true, Outcome.OK);
    Call refused = call("putIfAbsent", null, "b", false, Outcome.OK);
    Call unknown = call("putIfAbsent", null, "c", null, Outcome.UNKNOWN);
    assertEquals(List.of(), Checker.firstWriter("k", List.of(won, refused, unknown), "a"));
    assertEquals(1, Checker.firstWriter("k", List.of(won, refused), "b").size());
    assertEquals(List.of(), Checker.firstWriter("k", List.of(refused, unknown), "c"));
    assertEquals(1, Checker.firstWriter("k", List.of(refused), null).size(),
        "refused, yet nothing was ever written: a putIfAbsent reported false for its own write");
    assertEquals(1, Checker.firstWriter("k", List.of(won,
        call("putIfAbsent", null, "d", true, Outcome.OK)), "a").size());
  }
}
