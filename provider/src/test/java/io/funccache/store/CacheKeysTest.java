package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

  @Test
  void everyKeyOfACacheSharesOneHashTag() {
    CacheKeys keys = CacheKeys.of("funccache:", "default", "users");
    assertEquals(List.of("funccache:{default:users}:0", "funccache:{default:users}:1",
        "funccache:{default:users}:2", "funccache:{default:users}:m",
        "funccache:{default:users}:s", "funccache:{default:users}:t",
        "funccache:{default:users}:l", "funccache:{default:users}:r"), keys.asList());
    assertEquals("funccache:{default:users}:events", keys.events());
  }

  @Test
  void bracesColonsAndPercentAreEscapedSoNoNameBreaksTheTag() {
    CacheKeys keys = CacheKeys.of("p:", "ns", "a}b{c:d%e");
    assertEquals("p:{ns:a%7Db%7Bc%3Ad%25e}:0", keys.index());
    assertEquals("a%7Db", CacheKeys.escape("a}b"));
    assertEquals("日本", CacheKeys.escape("日本"));
  }

  @Test
  void namespaceAndNameCannotCollide() {
    assertNotEquals(CacheKeys.of("p:", "a:b", "c"), CacheKeys.of("p:", "a", "b:c"));
    assertNotEquals(CacheKeys.of("p:", "a", "%3A"), CacheKeys.of("p:", "a", ":"));
  }
}
