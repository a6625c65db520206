package io.funccache.benchmarks.hitrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HitRateOptionsTest {

  @Test
  void defaultsAreTheCoreSetAndEveryPolicyButRandomAndMostRecent() {
    HitRateOptions o = HitRateOptions.parse();
    assertEquals(13, o.traces.stream().mapToInt(t -> t.sizes().length).sum());
    assertEquals(Path.of("/work/shared/traces/oltp.keys.gz"), o.traces.get(0).path());
    assertArrayEquals(new int[] {1_000, 5_000, 15_000}, o.traces.get(0).sizes());
    assertEquals("LRU", o.policies.get(0));
    assertFalse(o.policies.contains("RR") || o.policies.contains("MRU"));
    assertEquals(EvictionPolicy.values().length - 2, o.policies.size());
  }

  @Test
  void tracesByPathOrNameWithOrWithoutSizes() {
    HitRateOptions o = HitRateOptions.parse("--traces-dir", "/t", "--trace", "gli",
        "--trace", "/data/x.keys.gz:10,2_000", "--policies", "fifo,LFU");
    assertEquals(Path.of("/t/gli.keys.gz"), o.traces.get(0).path());
    assertArrayEquals(new int[] {500, 1_000}, o.traces.get(0).sizes());
    assertEquals(Path.of("/data/x.keys.gz"), o.traces.get(1).path());
    assertArrayEquals(new int[] {10, 2_000}, o.traces.get(1).sizes());
    assertEquals(List.of("LRU", "FIFO", "LFU"), o.policies);
  }

  @Test
  void aTraceOutsideTheCoreSetNeedsSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HitRateOptions.parse("--trace", "/data/other.keys.gz"));
    assertTrue(e.getMessage().contains("other"), e.getMessage());
  }

  @Test
  void anUnknownPolicyFailsBeforeAnyReplayNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HitRateOptions.parse("--trace", "gli", "--policies", "LRU,NOSUCH"));
    assertTrue(e.getMessage().contains("NOSUCH"), e.getMessage());
  }

  @Test
  void commandStatsDeltasAddUpTheNamedCommands() {
    CommandStats before = CommandStats.parse(Map.of(
        "cmdstat_fcall", "calls=10,usec=100,usec_per_call=10.00,rejected_calls=0,failed_calls=0",
        "cmdstat_get", "calls=5,usec=5,usec_per_call=1.00"));
    CommandStats after = CommandStats.parse(Map.of(
        "cmdstat_fcall", "calls=30,usec=300,usec_per_call=10.00,rejected_calls=0,failed_calls=0",
        "cmdstat_fcall_ro", "calls=4,usec=8,usec_per_call=2.00",
        "cmdstat_get", "calls=6,usec=7,usec_per_call=1.17"));
    assertArrayEquals(new long[] {24, 208}, after.since(before, "fcall", "fcall_ro", "evalsha"));
    assertArrayEquals(new long[] {1, 2}, after.since(before, "get"));
  }
}
