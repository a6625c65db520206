package io.funccache.codec;

import static io.funccache.codec.TestContexts.CACHE;
import static io.funccache.codec.TestContexts.untyped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {

  /** A custom codec that wants its context. */
  public static final class ContextCodec implements Codec {
    public final CodecContext ctx;

    public ContextCodec(CodecContext ctx) {
      this.ctx = ctx;
    }

    public ContextCodec() {
      throw new AssertionError("the CodecContext constructor must be preferred");
    }

    @Override
    public byte[] encode(Object value) {
      return new byte[] {1};
    }

    @Override
    public Object decode(byte[] bytes) {
      return "custom";
    }
  }

  /** A custom codec with only a no-arg constructor. */
  public static final class PlainCodec implements Codec {
    @Override
    public byte[] encode(Object value) {
      return new byte[0];
    }

    @Override
    public Object decode(byte[] bytes) {
      return null;
    }
  }

  public static final class NoUsableConstructor implements Codec {
    public NoUsableConstructor(String unused) {}

    private NoUsableConstructor() {}

    @Override
    public byte[] encode(Object value) {
      return new byte[0];
    }

    @Override
    public Object decode(byte[] bytes) {
      return null;
    }
  }

  public static final class FailingConstructor implements Codec {
    public FailingConstructor() {
      throw new IllegalStateException("boom");
    }

    @Override
    public byte[] encode(Object value) {
      return new byte[0];
    }

    @Override
    public Object decode(byte[] bytes) {
      return null;
    }
  }

  public abstract static class AbstractCodec implements Codec {
    public AbstractCodec() {}
  }

  @Test
  void builtInNames() {
    assertEquals("java", Codecs.DEFAULT);
    assertInstanceOf(JavaCodec.class, Codecs.create("java", untyped()));
    assertInstanceOf(JsonCodec.class, Codecs.create("json", untyped()));
    assertInstanceOf(StringCodec.class, Codecs.create("string", untyped()));
    assertInstanceOf(BytesCodec.class, Codecs.create("bytes", untyped()));
    assertInstanceOf(JsonCodec.class, Codecs.create(" JSON ", untyped()));
    assertEquals(List.of("java", "json", "string", "bytes"), Codecs.BUILT_IN);
  }

  @Test
  void nullOrBlankMeansTheDefault() {
    assertInstanceOf(JavaCodec.class, Codecs.create(null, untyped()));
    assertInstanceOf(JavaCodec.class, Codecs.create("", untyped()));
    assertInstanceOf(JavaCodec.class, Codecs.create("  ", untyped()));
  }

  @Test
  void builtInCodecsWork() {
    Codec java = Codecs.create("java", untyped());
    assertEquals(7L, java.decode(java.encode(7L)));
    Codec string = Codecs.create("string", untyped());
    assertEquals("s", string.decode(string.encode("s")));
  }

  @Test
  void customClassWithContextConstructorGetsTheContext() {
    CodecContext ctx = untyped();
    Codec codec = Codecs.create(ContextCodec.class.getName(), ctx);
    assertInstanceOf(ContextCodec.class, codec);
    assertSame(ctx, ((ContextCodec) codec).ctx);
    assertEquals("custom", codec.decode(new byte[0]));
  }

  @Test
  void customClassWithNoArgConstructor() {
    assertInstanceOf(PlainCodec.class, Codecs.create(" " + PlainCodec.class.getName() + " ", untyped()));
  }

  @Test
  void badNamesAreIllegalArgumentsNamingCacheCodecAndBuiltIns() {
    for (String bad :
        List.of(
            "xml",
            "com.example.NoSuchCodec",
            "java.lang.String",
            NoUsableConstructor.class.getName(),
            FailingConstructor.class.getName(),
            AbstractCodec.class.getName(),
            Codec.class.getName())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Codecs.create(bad, untyped()), bad);
      String m = e.getMessage();
      assertTrue(m.contains(CACHE), m);
      assertTrue(m.contains("'" + bad + "'"), m);
      assertTrue(m.contains("java, json, string, bytes"), m);
    }
    IllegalArgumentException notCodec =
        assertThrows(IllegalArgumentException.class, () -> Codecs.create("java.lang.String", untyped()));
    assertTrue(notCodec.getMessage().contains("does not implement"), notCodec.getMessage());
    IllegalArgumentException failing =
        assertThrows(IllegalArgumentException.class, () -> Codecs.create(FailingConstructor.class.getName(), untyped()));
    assertTrue(failing.getMessage().contains("boom"), failing.getMessage());
    assertInstanceOf(IllegalStateException.class, failing.getCause());
  }
}
