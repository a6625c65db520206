package io.funccache.codec;

import static io.funccache.codec.TestContexts.CACHE;
import static io.funccache.codec.TestContexts.typed;
import static io.funccache.codec.TestContexts.untyped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.codec.planted.Planted;
import io.funccache.codec.planted.sub.DeepPlanted;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JavaCodecTest {

  enum Color {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "green!"; // a constant-specific body: its own anonymous subclass
      }
    }
  }

  record Point(int x, int y, String label) implements Serializable {}

  record Line(Point from, Point to, List<Point> via, Color color) implements Serializable {}

  static final class NotSerializable {
    final int v = 1;
  }

  static final class HoldsNotSerializable implements Serializable {
    final Object inner = new NotSerializable();
  }

  /** Writes itself fine; refuses to come back. Used to prove refused classes never run code. */
  static final class Tracked implements Serializable {
    static volatile boolean readObjectRan;
    final String payload = "x";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      readObjectRan = true;
      in.defaultReadObject();
    }
  }

  /** Written as a MoneyProxy (writeReplace), read back as Money (readResolve). */
  static final class Money implements Serializable {
    final long cents;

    Money(long cents) {
      this.cents = cents;
    }

    private Object writeReplace() {
      return new MoneyProxy(cents);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money m && m.cents == cents;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(cents);
    }
  }

  record MoneyProxy(long cents) implements Serializable {
    private Object readResolve() {
      return new Money(cents);
    }
  }

  public interface Greeter {
    String greet();
  }

  record GreeterHandler(String greeting) implements java.lang.reflect.InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
      return method.getName().equals("greet") ? greeting : null;
    }
  }

  @BeforeEach
  void resetFlags() {
    Tracked.readObjectRan = false;
    Planted.reset();
  }

  private static Object roundTrip(Object value) {
    JavaCodec codec = new JavaCodec(untyped());
    Object back = codec.decode(codec.encode(value));
    // The JDK-only values must also read back in a fresh instance (another JVM, say).
    return back;
  }

  @Test
  void compactTypesRoundTripAndKeepTheirClass() {
    for (Object v :
        List.of("", "hello", "Grüße 😀 日本", Long.MIN_VALUE, 0L, Long.MAX_VALUE, Integer.MIN_VALUE, 42,
            true, false, 0.0, -0.0, 3.25, Double.NaN, Double.NEGATIVE_INFINITY, Double.MAX_VALUE)) {
      JavaCodec writer = new JavaCodec(untyped());
      JavaCodec reader = new JavaCodec(untyped());
      Object back = reader.decode(writer.encode(v));
      assertEquals(v, back, "value " + v);
      assertEquals(v.getClass(), back.getClass());
    }
  }

  @Test
  void compactEncodingsHaveTheDocumentedLayout() {
    JavaCodec codec = new JavaCodec(untyped());
    assertArrayEquals(new byte[] {'S', 'a', 'b', (byte) 0xc3, (byte) 0xa9}, codec.encode("abé"));
    assertArrayEquals(ByteBuffer.allocate(9).put((byte) 'J').putLong(258L).array(), codec.encode(258L));
    assertArrayEquals(new byte[] {'I', 0, 0, 1, 2}, codec.encode(258));
    assertArrayEquals(new byte[] {'Z', 1}, codec.encode(true));
    assertArrayEquals(new byte[] {'B', 7, 8}, codec.encode(new byte[] {7, 8}));
    assertEquals('D', codec.encode(1.5)[0]);
    assertEquals(9, codec.encode(1.5).length);
    assertEquals('O', codec.encode(new BigDecimal("1.5"))[0]);
  }

  @Test
  void equalKeysGiveEqualBytesAcrossInstances() {
    JavaCodec a = new JavaCodec(untyped());
    JavaCodec b = new JavaCodec(typed(String.class));
    String s1 = "order-" + 17;
    String s2 = new StringBuilder("order-").append(17).toString();
    assertNotSame(s1, s2);
    assertArrayEquals(a.encode(s1), b.encode(s2));
    assertArrayEquals(a.encode(Long.valueOf(123_456_789_000L)), b.encode(Long.parseLong("123456789000")));
    assertArrayEquals(a.encode(Double.NaN), b.encode(Double.longBitsToDouble(0x7ff8000000000001L)));
    assertFalse(Arrays.equals(a.encode(1L), a.encode(1)), "Long 1 and Integer 1 are different keys");
    assertFalse(Arrays.equals(a.encode("1"), a.encode(1L)));
  }

  @Test
  void stringWithUnpairedSurrogateRoundTripsExactly() {
    JavaCodec codec = new JavaCodec(untyped());
    String broken = "a\uD800b";
    Object back = codec.decode(codec.encode(broken));
    assertEquals(broken, back);
    assertFalse(Arrays.equals(codec.encode(broken), codec.encode("a?b")), "must not collide with '?'");
  }

  @Test
  void bytesAreCopied() {
    JavaCodec codec = new JavaCodec(untyped());
    byte[] original = {1, 2, 3};
    byte[] encoded = codec.encode(original);
    original[0] = 9;
    byte[] back = (byte[]) codec.decode(encoded);
    assertArrayEquals(new byte[] {1, 2, 3}, back);
    back[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) codec.decode(encoded));
  }

  @Test
  void jdkValueTypesAndCollectionsRoundTripInAFreshInstance() {
    Map<String, Object> nested = new HashMap<>();
    nested.put("list", new ArrayList<>(List.of(1L, "two", 3.0)));
    nested.put("tree", new TreeMap<>(Map.of("b", 2, "a", 1)));
    List<Object> values =
        List.of(
            new BigDecimal("123.4500"),
            new BigInteger("123456789012345678901234567890"),
            new Date(1_700_000_000_000L),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            URI.create("https://example.com/a?b=c"),
            'c',
            (short) 7,
            (byte) -3,
            1.5f,
            Instant.ofEpochSecond(1_700_000_000L, 5),
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 12, 30),
            ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")),
            Duration.ofMillis(1500),
            nested,
            new LinkedList<>(List.of(1, 2)),
            new LinkedHashMap<>(Map.of("k", "v")),
            new HashSet<>(Set.of("x", "y")),
            new LinkedHashSet<>(List.of(3, 1, 2)),
            new TreeSet<>(Set.of(5, 4)),
            new TreeSet<>(String.CASE_INSENSITIVE_ORDER),
            new TreeSet<>(Collections.reverseOrder()),
            List.of(1, 2, 3),
            Map.of("a", 1),
            Set.of(),
            Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
            Collections.unmodifiableMap(new HashMap<>(Map.of("u", 1))),
            Collections.singletonList("s"),
            Collections.singleton(1),
            Collections.emptyMap(),
            Collections.emptyList(),
            Collections.synchronizedList(new ArrayList<>(List.of(1))),
            Arrays.asList("a", "b"),
            new int[] {1, 2, 3},
            new long[][] {{1}, {2, 3}},
            new String[] {"a", null});
    JavaCodec writer = new JavaCodec(untyped());
    JavaCodec reader = new JavaCodec(untyped()); // learned nothing: only the JDK allow-list applies
    for (Object v : values) {
      Object back = reader.decode(writer.encode(v));
      if (v instanceof int[] a) {
        assertArrayEquals(a, (int[]) back);
      } else if (v instanceof long[][] a) {
        assertTrue(Arrays.deepEquals(a, (long[][]) back));
      } else if (v instanceof Object[] a) {
        assertArrayEquals(a, (Object[]) back);
      } else if (v instanceof Collection<?> c && v.getClass().getName().contains("Synchronized")) {
        assertEquals(new ArrayList<>(c), new ArrayList<>((Collection<?>) back));
      } else {
        assertEquals(v, back, "value of " + v.getClass().getName());
        assertEquals(v.getClass(), back.getClass());
      }
    }
  }

  @Test
  void deepArrayDequeRoundTrips() {
    JavaCodec writer = new JavaCodec(untyped());
    ArrayDeque<String> deque = new ArrayDeque<>(List.of("a", "b"));
    @SuppressWarnings("unchecked")
    ArrayDeque<String> back = (ArrayDeque<String>) new JavaCodec(untyped()).decode(writer.encode(deque));
    assertEquals(List.of("a", "b"), new ArrayList<>(back));
  }

  @Test
  void recordsEnumsAndNestedCollectionsRoundTripAfterBeingWritten() {
    JavaCodec codec = new JavaCodec(untyped());
    Line line = new Line(new Point(1, 2, "a"), new Point(3, 4, null), List.of(new Point(5, 6, "v")), Color.GREEN);
    Map<String, List<Line>> value = new TreeMap<>(Map.of("k", List.of(line)));
    assertEquals(value, codec.decode(codec.encode(value)));
    assertEquals(Color.GREEN, codec.decode(codec.encode(Color.GREEN)));
    assertEquals(EnumSet.of(Color.RED), codec.decode(codec.encode(EnumSet.of(Color.RED))));
    assertEquals(Color.RED, codec.decode(codec.encode(Color.RED)));
  }

  @Test
  void writeReplaceReadResolveValueRoundTrips() {
    JavaCodec codec = new JavaCodec(untyped());
    assertEquals(new Money(250), codec.decode(codec.encode(new Money(250))));
    byte[] bytes = codec.encode(new Money(1));
    assertThrows(CodecException.class, () -> new JavaCodec(untyped()).decode(bytes));
  }

  @Test
  void proxiesRoundTripOnlyWhereWritten() {
    Object proxy = java.lang.reflect.Proxy.newProxyInstance(
        Greeter.class.getClassLoader(), new Class<?>[] {Greeter.class}, new GreeterHandler("hi"));
    JavaCodec codec = new JavaCodec(untyped());
    byte[] bytes = codec.encode(proxy);
    assertEquals("hi", ((Greeter) codec.decode(bytes)).greet());
    CodecException e = assertThrows(CodecException.class, () -> new JavaCodec(untyped()).decode(bytes));
    assertTrue(e.getMessage().contains(Greeter.class.getName()), e.getMessage());
  }

  @Test
  void nonSerializableValueIsACodecExceptionNamingTheClass() {
    JavaCodec codec = new JavaCodec(untyped());
    CodecException e = assertThrows(CodecException.class, () -> codec.encode(new NotSerializable()));
    assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(CACHE), e.getMessage());

    CodecException nested = assertThrows(CodecException.class, () -> codec.encode(new HoldsNotSerializable()));
    assertTrue(nested.getMessage().contains(NotSerializable.class.getName()), nested.getMessage());
    assertTrue(nested.getMessage().contains(HoldsNotSerializable.class.getName()), nested.getMessage());

    CodecException inList =
        assertThrows(CodecException.class, () -> codec.encode(new ArrayList<>(List.of(new NotSerializable()))));
    assertTrue(inList.getMessage().contains(NotSerializable.class.getName()));
    assertThrows(CodecException.class, () -> codec.encode(null));
  }

  @Test
  void failedEncodeDoesNotTeachClasses() {
    JavaCodec writer = new JavaCodec(untyped());
    JavaCodec codec = new JavaCodec(untyped());
    byte[] planted = writer.encode(new Tracked());
    List<Object> mixed = new ArrayList<>(List.of(new Tracked(), new NotSerializable()));
    assertThrows(CodecException.class, () -> codec.encode(mixed));
    assertThrows(CodecException.class, () -> codec.decode(planted));
  }

  @Test
  void classNeverWrittenByThisInstanceIsRefusedWithoutRunningItsCode() {
    byte[] planted = new JavaCodec(untyped()).encode(new Tracked());
    JavaCodec victim = new JavaCodec(untyped());
    CodecException e = assertThrows(CodecException.class, () -> victim.decode(planted));
    assertFalse(Tracked.readObjectRan, "readObject of a refused class must not run");
    assertTrue(e.getMessage().contains(Tracked.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("allowedClasses"), e.getMessage());
    assertTrue(e.getMessage().contains(CACHE), e.getMessage());
  }

  @Test
  void refusedClassNestedInAllowedCollectionIsRefused() {
    byte[] planted = new JavaCodec(untyped()).encode(new ArrayList<>(List.of("ok", new Tracked())));
    JavaCodec victim = new JavaCodec(untyped());
    CodecException e = assertThrows(CodecException.class, () -> victim.decode(planted));
    assertTrue(e.getMessage().contains(Tracked.class.getName()), e.getMessage());
    assertFalse(Tracked.readObjectRan);
  }

  @Test
  void refusedClassConstructorNeverRuns() {
    // Planted's non-serializable superclass has a no-arg constructor that deserialization would call.
    byte[] planted = new JavaCodec(untyped()).encode(new Planted("p"));
    Planted.reset();
    assertThrows(CodecException.class, () -> new JavaCodec(untyped()).decode(planted));
    assertFalse(Planted.baseConstructorRan);
    assertFalse(Planted.readObjectRan);
    // Sanity: when allowed, the same bytes do run that code, so the flags above can fail.
    Object back = new JavaCodec(untyped(Planted.class.getName())).decode(planted);
    assertEquals("p", ((Planted) back).name());
    assertTrue(Planted.baseConstructorRan);
    assertTrue(Planted.readObjectRan);
  }

  @Test
  void patternsAllowClasses() {
    byte[] planted = new JavaCodec(untyped()).encode(new Planted("p"));
    byte[] deep = new JavaCodec(untyped()).encode(new DeepPlanted(7));
    String pkg = "io.funccache.codec.planted";

    assertInstanceOf(Planted.class, new JavaCodec(untyped(pkg + ".Planted")).decode(planted));
    assertInstanceOf(Planted.class, new JavaCodec(untyped(pkg + ".*")).decode(planted));
    assertInstanceOf(Planted.class, new JavaCodec(untyped(pkg + ".**")).decode(planted));
    assertInstanceOf(Planted.class, new JavaCodec(untyped(" " + pkg + ".* ")).decode(planted));

    // ".*" is one package only; ".**" includes subpackages.
    assertThrows(CodecException.class, () -> new JavaCodec(untyped(pkg + ".*")).decode(deep));
    assertEquals(new DeepPlanted(7), new JavaCodec(untyped(pkg + ".**")).decode(deep));
    assertEquals(new DeepPlanted(7), new JavaCodec(untyped("io.funccache.**")).decode(deep));

    // Near misses stay refused.
    assertThrows(CodecException.class, () -> new JavaCodec(untyped("io.funccache.*")).decode(planted));
    assertThrows(CodecException.class, () -> new JavaCodec(untyped(pkg + ".Plant")).decode(planted));
    assertThrows(CodecException.class, () -> new JavaCodec(untyped(pkg + "x.**")).decode(planted));
    assertThrows(CodecException.class, () -> new JavaCodec(untyped(pkg)).decode(planted));
  }

  @Test
  void declaredTypeIsAllowed() {
    byte[] planted = new JavaCodec(untyped()).encode(new Planted("p"));
    assertInstanceOf(Planted.class, new JavaCodec(typed(Planted.class)).decode(planted));
    assertThrows(CodecException.class, () -> new JavaCodec(typed(DeepPlanted.class)).decode(planted));
  }

  @Test
  void classLearnedByEncodingIsReadable() {
    JavaCodec codec = new JavaCodec(untyped());
    byte[] planted = new JavaCodec(untyped()).encode(new Planted("p"));
    assertThrows(CodecException.class, () -> codec.decode(planted));
    codec.encode(new Planted("other")); // the application itself stores one
    assertEquals("p", ((Planted) codec.decode(planted)).name());
  }

  @Test
  void serializableArrayRoundTripsInTheWriterAndInAFreshInstance() {
    // Hibernate stores entity state as a Serializable[]: an array whose component type is an
    // interface nobody can instantiate, exactly as harmless as Object[].
    Serializable[] state = {"title", 42L, 7, null, new BigDecimal("9.99")};
    JavaCodec writer = new JavaCodec(untyped());
    byte[] bytes = writer.encode(state);
    assertArrayEquals(state, (Serializable[]) writer.decode(bytes));
    assertArrayEquals(state, (Serializable[]) new JavaCodec(untyped()).decode(bytes));
  }

  @Test
  void arraysOfLearnedClassesAreReadableEvenWithoutAnElementWritten() {
    // Only the array's class descriptor is written for an empty array: what is learned must be
    // its element class, which is what the allow-list checks.
    JavaCodec codec = new JavaCodec(untyped());
    byte[] empty = codec.encode(new Planted[0][]);
    assertEquals(0, ((Planted[][]) codec.decode(empty)).length);
    byte[] planted = new JavaCodec(untyped()).encode(new Planted("p"));
    assertEquals("p", ((Planted) codec.decode(planted)).name());
    assertThrows(CodecException.class, () -> new JavaCodec(untyped()).decode(empty));
  }

  @Test
  void serializableArrayStillChecksItsElements() {
    byte[] planted = new JavaCodec(untyped()).encode(new Serializable[] {"ok", new Tracked()});
    CodecException e = assertThrows(CodecException.class,
        () -> new JavaCodec(untyped()).decode(planted));
    assertTrue(e.getMessage().contains(Tracked.class.getName()), e.getMessage());
    assertFalse(Tracked.readObjectRan);
  }

  @Test
  void limitsAreEnforced() {
    JavaCodec codec = new JavaCodec(untyped());
    List<Object> deep = new ArrayList<>();
    List<Object> cursor = deep;
    for (int i = 0; i < 150; i++) {
      List<Object> next = new ArrayList<>();
      cursor.add(next);
      cursor = next;
    }
    byte[] tooDeep = codec.encode(deep);
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(tooDeep));
    assertTrue(e.getMessage().contains("deeper"), e.getMessage());

    // An int[3] whose length field claims 20 million: refused before allocating.
    byte[] array = codec.encode(new int[] {1, 2, 3});
    ByteBuffer.wrap(array).putInt(array.length - 16, 20_000_000);
    CodecException big = assertThrows(CodecException.class, () -> codec.decode(array));
    assertTrue(big.getMessage().contains("20000000"), big.getMessage());
  }

  @Test
  void trailingBytesAfterTheObjectAreRefused() {
    JavaCodec codec = new JavaCodec(untyped());
    byte[] ok = codec.encode(new BigDecimal("1"));
    byte[] longer = Arrays.copyOf(ok, ok.length + 3);
    assertThrows(CodecException.class, () -> codec.decode(longer));
  }

  @Test
  void malformedCompactValuesAreCodecExceptions() {
    JavaCodec codec = new JavaCodec(untyped());
    for (byte[] bad :
        List.of(
            new byte[0],
            new byte[] {'?'},
            new byte[] {0},
            new byte[] {'J'},
            new byte[] {'J', 1, 2, 3},
            new byte[] {'J', 1, 2, 3, 4, 5, 6, 7, 8, 9},
            new byte[] {'I', 1, 2},
            new byte[] {'D', 1},
            new byte[] {'Z'},
            new byte[] {'Z', 2},
            new byte[] {'Z', 1, 1},
            new byte[] {'S', (byte) 0xc3},
            new byte[] {'S', (byte) 0xff, 'a'},
            new byte[] {'O'},
            new byte[] {'O', (byte) 0xac, (byte) 0xed},
            "Onot a stream".getBytes(StandardCharsets.US_ASCII))) {
      CodecException e = assertThrows(CodecException.class, () -> codec.decode(bad), Arrays.toString(bad));
      assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    }
    assertThrows(CodecException.class, () -> codec.decode(null));
  }

  @Test
  void truncatedSerializedValuesAreAlwaysCodecExceptions() {
    JavaCodec codec = new JavaCodec(untyped());
    for (Object v : List.of(new TreeMap<>(Map.of("a", List.of(1L, 2L))), new Point(1, 2, "p"), new BigDecimal("9.99"))) {
      byte[] full = codec.encode(v);
      for (int len = 1; len < full.length; len++) {
        byte[] cut = Arrays.copyOf(full, len);
        assertThrows(CodecException.class, () -> codec.decode(cut), v + " cut at " + len);
      }
    }
    byte[] longBytes = codec.encode(5L);
    for (int len = 0; len < longBytes.length; len++) {
      byte[] cut = Arrays.copyOf(longBytes, len);
      assertThrows(CodecException.class, () -> codec.decode(cut));
    }
  }

  @Test
  void flippedBytesEitherDecodeOrFailWithCodecException() {
    JavaCodec codec = new JavaCodec(untyped());
    Object value = new TreeMap<>(Map.of("key", new ArrayList<>(List.of(new Point(1, 2, "p"), 3L))));
    byte[] good = codec.encode(value);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      TestContexts.assertMostBitFlipsDetected(codec, good);
    });
    assertThrows(CodecException.class, () -> codec.decode(flip(good, 1))); // breaks the stream magic
    assertThrows(CodecException.class, () -> codec.decode(flip(good, 0))); // breaks the tag
  }

  @Test
  void randomGarbageIsAlwaysACodecException() {
    JavaCodec codec = new JavaCodec(untyped());
    Random random = new Random(42);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int i = 0; i < 5_000; i++) {
        byte[] garbage = new byte[1 + random.nextInt(64)];
        random.nextBytes(garbage);
        garbage[0] = switch (i % 3) {
          case 0 -> JavaCodec.TAG_SERIALIZED;
          case 1 -> garbage[0];
          default -> JavaCodec.TAG_LONG;
        };
        if (garbage[0] == JavaCodec.TAG_LONG && garbage.length == 9
            || garbage[0] == JavaCodec.TAG_STRING || garbage[0] == JavaCodec.TAG_BYTES
            || (garbage[0] == JavaCodec.TAG_INT && garbage.length == 5)
            || (garbage[0] == JavaCodec.TAG_DOUBLE && garbage.length == 9)
            || (garbage[0] == JavaCodec.TAG_BOOLEAN && garbage.length == 2 && (garbage[1] & 0xfe) == 0)) {
          continue; // these happen to be valid encodings
        }
        // Also prefixed by a valid stream header, so the parser gets further than the magic.
        byte[] withHeader = new byte[garbage.length + 4];
        System.arraycopy(new byte[] {'O', (byte) 0xac, (byte) 0xed, 0, 5}, 0, withHeader, 0, 5);
        System.arraycopy(garbage, 1, withHeader, 5, garbage.length - 1);
        assertThrows(CodecException.class, () -> codec.decode(garbage), Arrays.toString(garbage));
        try {
          codec.decode(withHeader);
        } catch (CodecException fine) {
          // random data after a header is almost always invalid; the point is the exception type
        }
      }
    });
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= (byte) 0xff;
    return copy;
  }
}
