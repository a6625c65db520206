package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The random sequence of get, getAll, put, putAll and remove that the policy state tests send to
 * a store and to its model alike, over keys skewed towards the low ones (so some are hot): every
 * read must agree with the model, and after each step the test compares whatever state it keeps.
 */
final class RandomOperations {
  private RandomOperations() {}

  /**
   * Runs {@code operations} steps; after each, {@code check} gets the step's label and what was
   * done (for failure messages).
   */
  static void run(CacheStore store, PolicyModel model, Random random, int operations,
      int keySpace, String label, BiConsumer<String, String> check) {
    for (int i = 0; i < operations; i++) {
      String step = "step " + i + " (" + label + ")";
      String key = skewedKey(random, keySpace);
      int op = random.nextInt(10);
      String done;
      if (op < 4) {
        done = "get " + key;
        assertEquals(model.get(key), store.get(bytes(key), ExpiryCodes.KEEP).value() != null,
            step + " " + done);
      } else if (op < 5) {
        List<String> batch = batch(random, key, keySpace);
        done = "getAll " + batch;
        List<byte[]> values = store.getAll(
            batch.stream().map(RandomOperations::bytes).toList(), ExpiryCodes.KEEP).values();
        List<Boolean> expected = model.getAll(batch);
        for (int k = 0; k < batch.size(); k++) {
          assertEquals(expected.get(k), values.get(k) != null, step + " getAll at " + batch.get(k));
        }
      } else if (op < 8) {
        done = "put " + key;
        store.put(PutMode.PUT, bytes(key), bytes("v" + i), null, ExpiryCodes.ETERNAL,
            ExpiryCodes.KEEP, ExpiryCodes.KEEP, false);
        model.put(key);
      } else if (op < 9) {
        List<String> batch = batch(random, key, keySpace);
        done = "putAll " + batch;
        store.putAll(batch.stream().map(RandomOperations::bytes).toList(),
            batch.stream().map(k -> bytes("v" + k)).toList(), ExpiryCodes.ETERNAL,
            ExpiryCodes.KEEP, false);
        model.putAll(batch);
      } else {
        done = "remove " + key;
        store.remove(bytes(key), null, ExpiryCodes.KEEP, false);
        model.remove(key);
      }
      check.accept(step, done);
    }
  }

  private static String skewedKey(Random random, int keySpace) {
    double r = random.nextDouble();
    return "k" + (int) (keySpace * r * r);
  }

  private static List<String> batch(Random random, String key, int keySpace) {
    return new ArrayList<>(new LinkedHashSet<>(List.of(key, skewedKey(random, keySpace),
        skewedKey(random, keySpace))));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
