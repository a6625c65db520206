package io.funccache.codec;

import static io.funccache.codec.TestContexts.CACHE;
import static io.funccache.codec.TestContexts.typed;
import static io.funccache.codec.TestContexts.untyped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.codec.gadget.GadgetFlags;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  public enum Status {
    OPEN,
    CLOSED
  }

  /** Components deliberately not in alphabetical order. */
  public record Item(String name, Long qty, List<Object> tags, Status status) {}

  public record Order(long id, Item first, List<Item> items, Map<String, Object> extra) {}

  public record Zebra(int z, int a, int m) {}

  private static String json(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void resetFlags() {
    GadgetFlags.initialized = false;
    GadgetFlags.constructed = false;
  }

  @Test
  void untypedJdkValuesComeBackAsTheirOwnClassInAFreshInstance() {
    JsonCodec writer = new JsonCodec(untyped());
    JsonCodec reader = new JsonCodec(untyped()); // learned nothing: only the JDK allow-list applies
    List<Object> values =
        List.of(
            "text",
            "",
            5L,
            Long.MAX_VALUE,
            5,
            true,
            2.5,
            new BigDecimal("1.50"),
            new BigInteger("123456789012345678901234567890"),
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            new Date(1_700_000_000_000L),
            new ArrayList<>(List.of(1L, "two", 3, 4.5)),
            new TreeSet<>(Set.of("b", "a")),
            new TreeMap<>(Map.of("a", 1L, "b", new ArrayList<>(List.of(2L)))),
            new LinkedHashMap<>(Map.of("k", "v")));
    for (Object v : values) {
      Object back = reader.decode(writer.encode(v));
      assertEquals(v, back, "value " + v);
      assertEquals(v.getClass(), back.getClass(), "class of " + v);
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) reader.decode(writer.encode(List.of(1L, 2L)));
    assertEquals(List.of(1L, 2L), list);
    assertInstanceOf(Long.class, list.get(0), "list elements keep their type");
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) reader.decode(writer.encode(new byte[] {1, 2, 3})));
  }

  @Test
  void untypedRecordsAndEnumsRoundTripInTheInstanceThatWroteThem() {
    JsonCodec codec = new JsonCodec(untyped());
    Item item = new Item("pen", 3L, new ArrayList<>(List.of(7L, "red")), Status.OPEN);
    Map<String, Object> extra = new HashMap<>();
    extra.put("note", "x");
    extra.put("count", 9L);
    extra.put("nested", item);
    Order order = new Order(42, item, new ArrayList<>(List.of(item, new Item("ink", null, new ArrayList<>(), Status.CLOSED))), extra);
    Object back = codec.decode(codec.encode(order));
    assertEquals(order, back);
    Order o = (Order) back;
    assertInstanceOf(Long.class, o.first().tags().get(0));
    assertInstanceOf(Long.class, o.extra().get("count"));
    assertInstanceOf(Item.class, o.extra().get("nested"));
    assertEquals(Status.CLOSED, codec.decode(codec.encode(Status.CLOSED)));
  }

  @Test
  void declaredTypeIsPlainJsonWithoutTypeInformation() {
    JsonCodec codec = new JsonCodec(typed(Item.class));
    Item item = new Item("pen", 3L, new ArrayList<>(List.of("red")), Status.OPEN);
    byte[] bytes = codec.encode(item);
    assertEquals("{\"name\":\"pen\",\"qty\":3,\"status\":\"OPEN\",\"tags\":[\"red\"]}", json(bytes));
    assertEquals(item, codec.decode(bytes));
    // Another instance (another JVM) reads it: the declared type needs no learning.
    assertEquals(item, new JsonCodec(typed(Item.class)).decode(bytes));

    JsonCodec longs = new JsonCodec(typed(Long.class));
    assertEquals("5", json(longs.encode(5L)));
    assertEquals(5L, longs.decode("5".getBytes(StandardCharsets.UTF_8)));
    assertEquals(5L, new JsonCodec(typed(long.class)).decode(new JsonCodec(typed(long.class)).encode(5L)));
  }

  @Test
  void declaredTypeRefusesOtherTypes() {
    JsonCodec codec = new JsonCodec(typed(Item.class));
    CodecException e = assertThrows(CodecException.class, () -> codec.encode("not an item"));
    assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    assertTrue(e.getMessage().contains(Item.class.getName()), e.getMessage());
    assertThrows(CodecException.class, () -> codec.encode(null));
  }

  @Test
  void propertiesAreWrittenAlphabetically() {
    assertEquals("{\"a\":2,\"m\":3,\"z\":1}", json(new JsonCodec(typed(Zebra.class)).encode(new Zebra(1, 2, 3))));
    String untyped = json(new JsonCodec(untyped()).encode(new Zebra(1, 2, 3)));
    assertTrue(untyped.indexOf("\"a\"") < untyped.indexOf("\"m\"") && untyped.indexOf("\"m\"") < untyped.indexOf("\"z\""), untyped);
  }

  @Test
  void equalMapsBuiltInDifferentOrdersGiveEqualBytes() {
    // "Aa" and "BB" share a hash code, so a HashMap keeps them in insertion order within the bucket.
    Map<String, Object> first = new HashMap<>();
    first.put("Aa", 1L);
    first.put("BB", 2L);
    first.put("c", List.of(3L));
    Map<String, Object> second = new HashMap<>();
    second.put("c", List.of(3L));
    second.put("BB", 2L);
    second.put("Aa", 1L);
    assertEquals(first, second);
    assertNotEquals(new ArrayList<>(first.keySet()), new ArrayList<>(second.keySet()), "precondition: iteration orders differ");

    JsonCodec untyped = new JsonCodec(untyped());
    assertArrayEquals(untyped.encode(first), untyped.encode(second));
    assertArrayEquals(untyped.encode(first), new JsonCodec(untyped()).encode(second));
    JsonCodec typedMap = new JsonCodec(typed(Map.class));
    assertArrayEquals(typedMap.encode(first), typedMap.encode(second));
    assertEquals("{\"Aa\":1,\"BB\":2,\"c\":[3]}", json(typedMap.encode(second)));

    Map<String, Integer> linkedA = new LinkedHashMap<>();
    linkedA.put("x", 1);
    linkedA.put("y", 2);
    Map<String, Integer> linkedB = new LinkedHashMap<>();
    linkedB.put("y", 2);
    linkedB.put("x", 1);
    assertArrayEquals(untyped.encode(linkedA), untyped.encode(linkedB));
  }

  @Test
  void unknownClassInBytesIsRefusedBeforeLoadingIt() {
    JsonCodec codec = new JsonCodec(untyped());
    String gadget = "io.funccache.codec.gadget.Gadget";
    for (String planted :
        List.of(
            "{\"@class\":\"" + gadget + "\",\"value\":\"x\"}",
            "[\"java.util.ArrayList\",[{\"@class\":\"" + gadget + "\",\"value\":\"x\"}]]",
            "{\"@class\":\"java.util.HashMap\",\"k\":{\"@class\":\"" + gadget + "\"}}",
            "[\"[L" + gadget + ";\",[]]")) {
      CodecException e =
          assertThrows(CodecException.class, () -> codec.decode(planted.getBytes(StandardCharsets.UTF_8)), planted);
      assertTrue(e.getMessage().contains(gadget), e.getMessage());
      assertTrue(e.getMessage().contains("allowedClasses"), e.getMessage());
      assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    }
    assertFalse(GadgetFlags.initialized, "a refused class must not even be initialized");
    assertFalse(GadgetFlags.constructed, "a refused class must not be constructed");

    // JDK classes off the list are refused too.
    CodecException url = assertThrows(CodecException.class,
        () -> codec.decode("[\"java.net.URL\",\"http://example.com\"]".getBytes(StandardCharsets.UTF_8)));
    assertTrue(url.getMessage().contains("java.net.URL"), url.getMessage());

    // Sanity: when allowed, the same bytes do run Gadget's code, so the flags above can fail.
    Object allowed = new JsonCodec(untyped("io.funccache.codec.gadget.*"))
        .decode(("{\"@class\":\"" + gadget + "\",\"value\":\"x\"}").getBytes(StandardCharsets.UTF_8));
    assertEquals(gadget, allowed.getClass().getName());
    assertTrue(GadgetFlags.constructed);
  }

  @Test
  void recordWrittenElsewhereNeedsPatternDeclaredTypeOrLearning() {
    Item item = new Item("pen", 1L, new ArrayList<>(), Status.OPEN);
    byte[] bytes = new JsonCodec(untyped()).encode(item);

    CodecException e = assertThrows(CodecException.class, () -> new JsonCodec(untyped()).decode(bytes));
    assertTrue(e.getMessage().contains(Item.class.getName()), e.getMessage());

    assertEquals(item, new JsonCodec(untyped(Item.class.getName(), Status.class.getName())).decode(bytes));
    assertEquals(item, new JsonCodec(untyped("io.funccache.codec.*")).decode(bytes));
    assertEquals(item, new JsonCodec(untyped("io.funccache.**")).decode(bytes));
    assertThrows(CodecException.class, () -> new JsonCodec(untyped("io.*")).decode(bytes));
    assertThrows(CodecException.class, () -> new JsonCodec(untyped(Item.class.getName())).decode(bytes),
        "the enum inside is still refused");

    JsonCodec learner = new JsonCodec(untyped());
    assertThrows(CodecException.class, () -> learner.decode(bytes));
    learner.encode(new Item("other", 2L, new ArrayList<>(), Status.CLOSED));
    assertEquals(item, learner.decode(bytes));
  }

  @Test
  void javaTimeIsNotSupported() {
    JsonCodec codec = new JsonCodec(untyped());
    CodecException e = assertThrows(CodecException.class, () -> codec.encode(Instant.EPOCH));
    assertTrue(e.getMessage().contains("java.time.Instant"), e.getMessage());
    assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    assertThrows(CodecException.class, () -> new JsonCodec(typed(LocalDate.class)).encode(LocalDate.EPOCH));
  }

  @Test
  void unserializableBeanIsACodecException() {
    CodecException e = assertThrows(CodecException.class, () -> new JsonCodec(untyped()).encode(new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
  }

  @Test
  void corruptBytesAreCodecExceptions() {
    JsonCodec codec = new JsonCodec(untyped());
    JsonCodec typedCodec = new JsonCodec(typed(Item.class));
    for (String bad :
        List.of(
            "",
            "{",
            "[\"java.lang.Long\",5",
            "[\"java.lang.Long\",5] trailing",
            "5 6",
            "[\"java.lang.Long\",\"five\"]",
            "[\"no.such.Clazz\",1]",
            "{\"@class\":\"java.util.HashMap\",",
            "nul",
            "\u0000\u0001")) {
      assertThrows(CodecException.class, () -> codec.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
    assertThrows(CodecException.class, () -> typedCodec.decode("{\"name\":\"x\",\"unknown\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(CodecException.class, () -> typedCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(CodecException.class, () -> codec.decode(null));
    assertThrows(CodecException.class, () -> codec.decode(new byte[] {(byte) 0xff, (byte) 0xfe}));
  }

  @Test
  void truncatedValuesAreAlwaysCodecExceptions() {
    JsonCodec codec = new JsonCodec(untyped());
    Object value = new TreeMap<>(Map.of("a", new ArrayList<>(List.of(1L, "x")), "b", new Item("n", 2L, new ArrayList<>(), Status.OPEN)));
    byte[] full = codec.encode(value);
    for (int len = 0; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      assertThrows(CodecException.class, () -> codec.decode(cut), "cut at " + len);
    }
  }

  @Test
  void flippedBytesAndGarbageNeverEscapeAsOtherExceptions() {
    JsonCodec codec = new JsonCodec(untyped());
    byte[] good = codec.encode(new TreeMap<>(Map.of("k", new ArrayList<>(List.of(1L, new Item("n", 2L, new ArrayList<>(), Status.OPEN))))));
    Random random = new Random(7);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      TestContexts.assertMostBitFlipsDetected(codec, good);
      for (int i = 0; i < 2_000; i++) {
        byte[] garbage = new byte[2 + random.nextInt(64)];
        random.nextBytes(garbage);
        assertThrows(CodecException.class, () -> codec.decode(garbage), Arrays.toString(garbage));
      }
    });
  }
}
