package io.funccache.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;

/** Creates codecs by name: a built-in name or the fully qualified name of a {@link Codec} class. */
public final class Codecs {

  /** The codec used when none is configured. */
  public static final String DEFAULT = JavaCodec.NAME;

  /** The built-in names, for messages and documentation. */
  public static final List<String> BUILT_IN =
      List.of(JavaCodec.NAME, JsonCodec.NAME, StringCodec.NAME, BytesCodec.NAME);

  private Codecs() {}

  /**
   * Creates the codec called {@code name} (null or blank means {@link #DEFAULT}). Built-in names are
   * matched ignoring case and surrounding blanks. Any other name is a class implementing {@link
   * Codec}, loaded with {@code ctx.classLoader()} and built with its public {@code (CodecContext)}
   * constructor, or else its public no-arg constructor.
   *
   * @throws IllegalArgumentException when the name is neither a built-in codec nor a usable class
   */
  public static Codec create(String name, CodecContext ctx) {
    String n = name == null || name.isBlank() ? DEFAULT : name.trim();
    switch (n.toLowerCase(Locale.ROOT)) {
      case JavaCodec.NAME:
        return new JavaCodec(ctx);
      case JsonCodec.NAME:
        return new JsonCodec(ctx);
      case StringCodec.NAME:
        return new StringCodec(ctx);
      case BytesCodec.NAME:
        return new BytesCodec(ctx);
      default:
        return custom(n, ctx);
    }
  }

  private static Codec custom(String className, CodecContext ctx) {
    Class<?> type;
    try {
      type = Class.forName(className, false, ctx.classLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw bad(className, ctx, "no built-in codec and no loadable class of that name (" + e + ")", e);
    }
    if (!Codec.class.isAssignableFrom(type)) {
      throw bad(className, ctx, "class does not implement " + Codec.class.getName(), null);
    }
    Constructor<?> constructor;
    Object[] args;
    try {
      constructor = type.getConstructor(CodecContext.class);
      args = new Object[] {ctx};
    } catch (NoSuchMethodException e) {
      try {
        constructor = type.getConstructor();
        args = new Object[0];
      } catch (NoSuchMethodException e2) {
        throw bad(className, ctx,
            "class has neither a public (CodecContext) constructor nor a public no-arg constructor", e2);
      }
    }
    try {
      return (Codec) constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw bad(className, ctx, "its constructor failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      throw bad(className, ctx, "cannot instantiate it: " + e, e);
    }
  }

  private static IllegalArgumentException bad(String name, CodecContext ctx, String why, Throwable cause) {
    return new IllegalArgumentException(
        "Cache '" + ctx.cacheName() + "': unusable codec '" + name + "': " + why
            + ". Use a built-in codec (" + String.join(", ", BUILT_IN)
            + ") or the fully qualified name of a public class implementing " + Codec.class.getName(),
        cause);
  }
}
