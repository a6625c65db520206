package io.funccache.codec;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.ClassNameIdResolver;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code json} codec, built on Jackson.
 *
 * <p>Output is canonical for keys: map entries are ordered by key and bean/record properties
 * alphabetically, so equal maps and beans give equal bytes whatever their insertion order. (Sets
 * are written in iteration order, so use sorted sets or lists inside keys.)
 *
 * <p>With a declared type (anything but {@code Object}) values are plain JSON of that type, without
 * type information. When the role is untyped ({@code Object}), every non-primitive value carries its
 * class name ({@code "@class"} property, or a {@code ["class", value]} wrapper for scalars and
 * collections), so a Long stays a Long, a record stays that record and a list's elements keep their
 * types. Which class names are accepted when reading is decided by the same allow-list as the
 * {@link JavaCodec}: JDK value types and collections, the declared type, the {@code allowedClasses}
 * patterns, and classes this instance itself wrote in this JVM; anything else is refused before it
 * is loaded. Limitation in untyped mode: JSON object keys are strings, so map keys come back as
 * Strings.
 *
 * <p>java.time types are not supported (they need jackson-datatype-jsr310, which is not a
 * dependency): encoding one fails with a {@link CodecException}; use the {@code java} codec for
 * them. Records and enums are supported.
 */
public final class JsonCodec implements Codec {

  public static final String NAME = "json";

  private static final Pattern TYPE_ID_SEPARATORS = Pattern.compile("[<>,\\s]+");

  private final CodecContext ctx;
  private final ClassAllowList allowList;
  private final Class<?> declaredType; // null when untyped
  private final ObjectWriter writer;
  private final ObjectReader reader;

  public JsonCodec(CodecContext ctx) {
    this.ctx = ctx;
    this.allowList = new ClassAllowList(ctx);
    this.declaredType = ctx.declaredType() == Object.class ? null : box(ctx.declaredType());
    PolymorphicTypeValidator validator = new AllowListValidator();
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .typeFactory(TypeFactory.defaultInstance().withClassLoader(ctx.classLoader()))
            // Also guards annotation-driven @JsonTypeInfo(use = CLASS) inside declared types.
            .polymorphicTypeValidator(validator);
    if (declaredType == null) {
      builder.setDefaultTyping(
          new TypingBuilder(validator)
              .init(JsonTypeInfo.Id.CLASS, null)
              .inclusion(JsonTypeInfo.As.PROPERTY));
    }
    ObjectMapper mapper = builder.build();
    Class<?> root = declaredType == null ? Object.class : declaredType;
    this.writer = mapper.writerFor(root);
    this.reader = mapper.readerFor(root);
  }

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      throw new CodecException(prefix() + "cannot encode null");
    }
    if (declaredType != null && !declaredType.isInstance(value)) {
      throw new CodecException(prefix() + "cannot encode a " + value.getClass().getName()
          + ": the declared type is " + declaredType.getName());
    }
    try {
      return writer.writeValueAsBytes(value);
    } catch (JacksonException | RuntimeException e) {
      throw new CodecException(prefix() + "cannot encode a " + value.getClass().getName() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new CodecException(prefix() + "cannot decode bytes: no bytes");
    }
    try {
      return reader.readValue(bytes);
    } catch (InvalidTypeIdException e) {
      String id = e.getTypeId();
      if (id != null && !allowedTypeId(id)) {
        throw new CodecException(prefix() + ClassAllowList.refusal(id), id, e);
      }
      throw corrupt(e);
    } catch (IOException | RuntimeException e) {
      throw corrupt(e);
    }
  }

  /** A type id is a class name, possibly with generic parameters: every name in it must be allowed. */
  private boolean allowedTypeId(String id) {
    for (String name : TYPE_ID_SEPARATORS.split(id)) {
      if (!name.isEmpty() && !allowList.allowsName(name)) {
        return false;
      }
    }
    return true;
  }

  private void learnTypeId(String id) {
    if (id == null || allowList.isLearned(id)) {
      return; // the common case: runs for every typed value written
    }
    allowList.learn(id.indexOf('<') < 0 ? List.of(id) : List.of(TYPE_ID_SEPARATORS.split(id)));
  }

  private CodecException corrupt(Exception e) {
    return new CodecException(prefix() + "cannot decode bytes (corrupt or not written by this codec): "
        + e.getMessage(), e);
  }

  private String prefix() {
    return "Cache '" + ctx.cacheName() + "' (json codec): ";
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
  }

  /** Decides on class names, so refused classes are never even loaded. */
  private final class AllowListValidator extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    @Override
    public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
      return allowedTypeId(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
      return allowList.allows(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
    }
  }

  /**
   * Default typing for every non-primitive type (what Jackson's deprecated {@code EVERYTHING} does),
   * with an id resolver that learns the class names it writes.
   */
  private final class TypingBuilder extends ObjectMapper.DefaultTypeResolverBuilder {
    private static final long serialVersionUID = 1L;

    TypingBuilder(PolymorphicTypeValidator validator) {
      super(ObjectMapper.DefaultTyping.NON_FINAL, validator);
    }

    @Override
    public boolean useForType(JavaType t) {
      return !t.isPrimitive();
    }

    @Override
    protected TypeIdResolver idResolver(MapperConfig<?> config, JavaType baseType,
        PolymorphicTypeValidator validator, Collection<NamedType> subtypes, boolean forSer,
        boolean forDeser) {
      if (forSer && _idType == JsonTypeInfo.Id.CLASS) {
        return new LearningIdResolver(baseType, config.getTypeFactory(), validator);
      }
      return super.idResolver(config, baseType, validator, subtypes, forSer, forDeser);
    }
  }

  private final class LearningIdResolver extends ClassNameIdResolver {
    private static final long serialVersionUID = 1L;

    LearningIdResolver(JavaType baseType, TypeFactory typeFactory, PolymorphicTypeValidator validator) {
      super(baseType, typeFactory, validator);
    }

    @Override
    public String idFromValue(Object value) {
      String id = super.idFromValue(value);
      learnTypeId(id);
      return id;
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> type) {
      String id = super.idFromValueAndType(value, type);
      learnTypeId(id);
      return id;
    }
  }
}
