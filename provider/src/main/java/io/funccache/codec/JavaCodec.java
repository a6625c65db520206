package io.funccache.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The default codec ({@code java}): a tagged binary format.
 *
 * <p>The first byte is a tag. String (UTF-8), Long, Integer, Boolean, Double and byte[] have
 * compact encodings that are canonical (equal values give equal bytes in every JVM), which is what
 * makes them good keys: the encoded key is an entry's identity in Redis. Everything else is Java
 * serialization behind its own tag; that is deterministic for simple values but not canonical for
 * hash-ordered collections, so prefer the compact types (or the {@code json} codec) for keys.
 *
 * <p>Decoding never instantiates a class outside the allow-list (see {@link ClassAllowList}): JDK
 * value types and collections, the declared type, the {@code allowedClasses} patterns, and classes
 * this instance itself wrote in this JVM. Both {@code resolveClass} (before a class is loaded) and an
 * {@link ObjectInputFilter} (which also bounds depth, references and array sizes) enforce it.
 */
public final class JavaCodec implements Codec {

  public static final String NAME = "java";

  // Tags are printable letters so a dump of a Redis key shows what it holds.
  static final byte TAG_STRING = 'S';
  static final byte TAG_LONG = 'J';
  static final byte TAG_INT = 'I';
  static final byte TAG_BOOLEAN = 'Z';
  static final byte TAG_DOUBLE = 'D';
  static final byte TAG_BYTES = 'B';
  static final byte TAG_SERIALIZED = 'O';

  // Deep enough for real object graphs; shallow enough that planted nested hash sets (whose
  // hashCode cost doubles with each level) cannot stall a thread for long.
  private static final int MAX_DEPTH = 32;
  private static final long MAX_REFERENCES = 1_000_000;
  private static final long MAX_ARRAY_LENGTH = 10_000_000;

  private static final Map<String, Class<?>> PRIMITIVES =
      Map.of(
          "boolean", boolean.class, "byte", byte.class, "char", char.class, "short", short.class,
          "int", int.class, "long", long.class, "float", float.class, "double", double.class,
          "void", void.class);

  private final CodecContext ctx;
  private final ClassAllowList allowList;

  public JavaCodec(CodecContext ctx) {
    this.ctx = ctx;
    this.allowList = new ClassAllowList(ctx);
  }

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      throw new CodecException(prefix() + "cannot encode null");
    }
    if (value instanceof String s) {
      byte[] utf8 = Utf8.encode(s);
      if (utf8 != null) {
        return tagged(TAG_STRING, utf8);
      }
      // A String with unpaired surrogates has no UTF-8 form; serialization keeps it exact.
    } else if (value instanceof Long l) {
      return ByteBuffer.allocate(9).put(TAG_LONG).putLong(l).array();
    } else if (value instanceof Integer i) {
      return ByteBuffer.allocate(5).put(TAG_INT).putInt(i).array();
    } else if (value instanceof Boolean b) {
      return new byte[] {TAG_BOOLEAN, (byte) (b ? 1 : 0)};
    } else if (value instanceof Double d) {
      // doubleToLongBits collapses NaNs, matching Double.equals, so equal Doubles give equal bytes.
      return ByteBuffer.allocate(9).put(TAG_DOUBLE).putLong(Double.doubleToLongBits(d)).array();
    } else if (value instanceof byte[] b) {
      return tagged(TAG_BYTES, b);
    }
    return serialize(value);
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw corrupt("no bytes", null);
    }
    byte tag = bytes[0];
    switch (tag) {
      case TAG_STRING:
        return decodeUtf8(bytes);
      case TAG_LONG:
        requireLength(bytes, 9, "Long");
        return ByteBuffer.wrap(bytes, 1, 8).getLong();
      case TAG_INT:
        requireLength(bytes, 5, "Integer");
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
      case TAG_BOOLEAN:
        requireLength(bytes, 2, "Boolean");
        if (bytes[1] == 0 || bytes[1] == 1) {
          return bytes[1] == 1;
        }
        throw corrupt("Boolean byte is " + bytes[1] + ", expected 0 or 1", null);
      case TAG_DOUBLE:
        requireLength(bytes, 9, "Double");
        return Double.longBitsToDouble(ByteBuffer.wrap(bytes, 1, 8).getLong());
      case TAG_BYTES:
        return Arrays.copyOfRange(bytes, 1, bytes.length);
      case TAG_SERIALIZED:
        return deserialize(bytes);
      default:
        throw corrupt(String.format("unknown tag 0x%02x", tag & 0xff), null);
    }
  }

  private byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    bytes.write(TAG_SERIALIZED);
    List<String> written = new ArrayList<>();
    // The value's own class too: with writeReplace only its replacement's class is annotated, yet
    // readResolve brings the value's class back, and the filter checks that result as well.
    written.add(value.getClass().getName());
    try (LearningOutputStream out = new LearningOutputStream(bytes, written)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      // The JDK names the offending class (possibly a field's class) as the message.
      throw new CodecException(
          prefix()
              + "cannot encode a "
              + value.getClass().getName()
              + ": class "
              + e.getMessage()
              + " does not implement java.io.Serializable (implement it, or use another codec)",
          e);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          prefix() + "cannot encode a " + value.getClass().getName() + ": " + e, e);
    }
    // Learn only after a complete write: these are classes the application really stored.
    allowList.learn(written);
    return bytes.toByteArray();
  }

  private Object deserialize(byte[] bytes) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
    FilteringInputStream ois = null;
    Object value;
    Exception failure = null;
    try {
      ois = new FilteringInputStream(in);
      value = ois.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      value = null;
      failure = e;
    }
    // Checked even on success: a readObject method could have swallowed the refusal.
    if (ois != null && ois.refusal != null) {
      throw new CodecException(prefix() + ois.refusal, ois.refusedClass, failure);
    }
    if (failure != null) {
      throw corrupt(failure.toString(), failure);
    }
    if (in.available() > 0) {
      throw corrupt(in.available() + " unexpected bytes after the serialized object", null);
    }
    return value;
  }

  private Object decodeUtf8(byte[] bytes) {
    try {
      return Utf8.decode(bytes, 1, bytes.length - 1);
    } catch (CharacterCodingException e) {
      throw corrupt("String is not valid UTF-8 (" + e + ")", e);
    }
  }

  private static byte[] tagged(byte tag, byte[] payload) {
    byte[] out = new byte[payload.length + 1];
    out[0] = tag;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  private void requireLength(byte[] bytes, int expected, String type) {
    if (bytes.length != expected) {
      throw corrupt(type + " needs " + expected + " bytes, got " + bytes.length, null);
    }
  }

  private CodecException corrupt(String why, Throwable cause) {
    return new CodecException(prefix() + "cannot decode bytes (corrupt or not written by this codec): " + why, cause);
  }

  private String prefix() {
    return "Cache '" + ctx.cacheName() + "' (java codec): ";
  }

  /** Records every class (and proxy interface) it writes a descriptor for. */
  private static final class LearningOutputStream extends ObjectOutputStream {
    private final List<String> written;

    LearningOutputStream(OutputStream out, List<String> written) throws IOException {
      super(out);
      this.written = written;
    }

    @Override
    protected void annotateClass(Class<?> cl) {
      written.add(cl.getName());
    }

    @Override
    protected void annotateProxyClass(Class<?> cl) {
      for (Class<?> i : cl.getInterfaces()) {
        written.add(i.getName());
      }
    }
  }

  /** Resolves classes with the context's loader, only when allowed; filters everything else. */
  private final class FilteringInputStream extends ObjectInputStream {
    String refusal;
    String refusedClass;

    FilteringInputStream(InputStream in) throws IOException {
      super(in);
      setObjectInputFilter(this::check);
    }

    private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
      // Our filter replaces the JVM-wide one on this stream, so honour the JVM-wide one here too.
      ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
      if (global != null && global.checkInput(info) == ObjectInputFilter.Status.REJECTED) {
        return refuse("the JVM-wide serial filter (jdk.serialFilter) rejected "
            + (info.serialClass() == null ? "the stream" : info.serialClass().getName()));
      }
      if (info.depth() > MAX_DEPTH) {
        return refuse("object graph deeper than " + MAX_DEPTH);
      }
      if (info.references() > MAX_REFERENCES) {
        return refuse("more than " + MAX_REFERENCES + " object references");
      }
      if (info.arrayLength() > MAX_ARRAY_LENGTH) {
        return refuse("array of " + info.arrayLength() + " elements (limit " + MAX_ARRAY_LENGTH + ")");
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return ObjectInputFilter.Status.UNDECIDED;
      }
      if (!allowList.allows(type)) {
        refuseClass(type.getName());
        return ObjectInputFilter.Status.REJECTED;
      }
      return ObjectInputFilter.Status.ALLOWED;
    }

    private ObjectInputFilter.Status refuse(String why) {
      if (refusal == null) {
        refusal = "refused to decode: " + why;
      }
      return ObjectInputFilter.Status.REJECTED;
    }

    private void refuseClass(String name) {
      if (refusal == null) {
        refusal = ClassAllowList.refusal(name);
        refusedClass = name;
      }
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      String name = desc.getName();
      // Checked before loading, so a refused class's static initializer never runs either.
      if (!allowList.allowsName(name)) {
        refuseClass(name);
        throw new InvalidClassException(name, "not allowed");
      }
      Class<?> primitive = PRIMITIVES.get(name);
      return primitive != null ? primitive : Class.forName(name, false, ctx.classLoader());
    }

    @Override
    @SuppressWarnings("deprecation") // Proxy.getProxyClass: the non-deprecated API needs a handler
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      Class<?>[] types = new Class<?>[interfaces.length];
      for (int i = 0; i < interfaces.length; i++) {
        if (!allowList.allowsName(interfaces[i])) {
          refuseClass(interfaces[i]);
          throw new InvalidClassException(interfaces[i], "not allowed");
        }
        types[i] = Class.forName(interfaces[i], false, ctx.classLoader());
      }
      try {
        return Proxy.getProxyClass(ctx.classLoader(), types);
      } catch (IllegalArgumentException e) {
        throw new ClassNotFoundException("cannot define a proxy for " + Arrays.toString(interfaces), e);
      }
    }
  }
}
