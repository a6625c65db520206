package io.funccache.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which classes a codec may instantiate from untrusted bytes. Shared by {@link JavaCodec} and
 * {@link JsonCodec}; one instance per codec instance, because the "learned" part is per codec.
 *
 * <p>A class is allowed when it is
 *
 * <ol>
 *   <li>a JDK value type or collection from a fixed list (no JDK class that can run code or reach
 *       the file system or network on deserialization is on it),
 *   <li>a well-known framework container (Hibernate's cache keys and entries, say) named in the
 *       resource {@code well-known-containers.txt} next to this class: exact names, never their
 *       packages, and never what they hold, which is checked like any other object,
 *   <li>the context's declared type (when that is not {@code Object}),
 *   <li>matched by a pattern from {@link CodecContext#allowedClasses()}: {@code com.example.Foo}
 *       (exact), {@code com.example.*} (one package, nested classes included) or {@code
 *       com.example.**} (a package and its subpackages),
 *   <li>learned: a class this codec instance itself wrote while encoding in this JVM. Only the
 *       application's own values are encoded, so bytes written by it stay readable, while bytes
 *       planted by someone else that name a never-written class are refused,
 *   <li>an array of an allowed type or of a primitive, or a primitive.
 * </ol>
 *
 * Decisions are made on names, so a class can be refused before it is even loaded.
 */
final class ClassAllowList {

  /** Exact JDK names that are plain values or collections of other (checked) objects. */
  private static final Set<String> JDK_EXACT =
      Set.of(
          // Only ever seen as array component types (Object[], Serializable[]): neither can be
          // instantiated from a stream, and every element is checked on its own.
          "java.lang.Object",
          "java.io.Serializable",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Character",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Number",
          "java.lang.String",
          "java.lang.Enum",
          "java.lang.String$CaseInsensitiveComparator",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.net.URI",
          "java.util.Date",
          "java.util.UUID",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet",
          "java.util.ArrayDeque",
          "java.util.Arrays$ArrayList",
          "java.util.CollSer",
          "java.util.Collections$ReverseComparator",
          "java.util.Collections$ReverseComparator2",
          "java.util.AbstractMap$SimpleEntry",
          "java.util.AbstractMap$SimpleImmutableEntry",
          "java.util.EnumMap",
          "java.util.EnumSet$SerializationProxy",
          "java.util.RegularEnumSet", // what the proxy's readResolve returns; the filter sees it
          "java.util.JumboEnumSet",
          // Not instantiable (an interface), but HashMap/HashSet.readObject check Map.Entry[] sizes.
          "java.util.Map$Entry");

  /** JDK name prefixes: wrapper families and java.time (immutable values and their proxy Ser). */
  private static final List<String> JDK_PREFIXES =
      List.of(
          "java.util.Collections$Unmodifiable",
          "java.util.Collections$Singleton",
          "java.util.Collections$Empty",
          "java.util.Collections$Synchronized",
          "java.util.ImmutableCollections$",
          "java.time.");

  /** A binary class name with a package (nested classes use $). */
  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)+");

  /** The resource's exact class names; see the file for what may be listed there. */
  static final Set<String> WELL_KNOWN_CONTAINERS = readWellKnownContainers();

  private final String declaredType;
  private final Set<String> exactPatterns = new java.util.HashSet<>();
  private final List<String> onePackagePatterns = new java.util.ArrayList<>(); // "com.example."
  private final List<String> subPackagePatterns = new java.util.ArrayList<>(); // "com.example."
  private final Set<String> learned = ConcurrentHashMap.newKeySet();

  ClassAllowList(CodecContext ctx) {
    Class<?> declared = ctx.declaredType();
    this.declaredType = declared == Object.class ? null : declared.getName();
    for (String raw : ctx.allowedClasses()) {
      if (raw == null || raw.isBlank()) {
        continue;
      }
      String p = raw.trim();
      if (p.endsWith(".**") || p.equals("**")) {
        subPackagePatterns.add(p.substring(0, p.length() - 2));
      } else if (p.endsWith(".*") || p.equals("*")) {
        onePackagePatterns.add(p.substring(0, p.length() - 1));
      } else {
        exactPatterns.add(p);
      }
    }
  }

  /**
   * Remembers classes this codec wrote, so it can read them back. An array class is remembered
   * as its element class, because that is the name {@link #allowsName} checks for arrays.
   */
  void learn(Collection<String> classNames) {
    for (String name : classNames) {
      String element = elementName(name);
      if (element != null) {
        learned.add(element);
      }
    }
  }

  /** {@code [[Lcom.example.Foo;} gives {@code com.example.Foo}; a primitive array gives null. */
  private static String elementName(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return name;
    }
    String component = name.substring(dims);
    if (component.length() > 2 && component.charAt(0) == 'L' && component.endsWith(";")) {
      return component.substring(1, component.length() - 1);
    }
    return null;
  }

  /** Whether {@link #learn} would add nothing for this name. */
  boolean isLearned(String className) {
    String element = elementName(className);
    return element == null || learned.contains(element);
  }

  /** Whether a loaded class may be instantiated; proxies are judged by their interfaces. */
  boolean allows(Class<?> type) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isPrimitive()) {
      return true;
    }
    if (Proxy.isProxyClass(type)) {
      for (Class<?> i : type.getInterfaces()) {
        if (!allows(i)) {
          return false;
        }
      }
      return true;
    }
    return allowsName(type.getName());
  }

  /** Whether a class of this binary name (as {@link Class#getName()} spells it) may be used. */
  boolean allowsName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims > 0) {
      String component = name.substring(dims);
      if (component.length() == 1) {
        return "ZBCSIJFD".contains(component); // primitive array
      }
      if (component.length() > 2 && component.charAt(0) == 'L' && component.endsWith(";")) {
        return allowsName(component.substring(1, component.length() - 1));
      }
      return false;
    }
    if (JDK_EXACT.contains(name) || WELL_KNOWN_CONTAINERS.contains(name)
        || name.equals(declaredType) || learned.contains(name)) {
      return true;
    }
    for (String prefix : JDK_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    if (exactPatterns.contains(name)) {
      return true;
    }
    for (String pkg : subPackagePatterns) {
      if (name.startsWith(pkg)) {
        return true;
      }
    }
    for (String pkg : onePackagePatterns) {
      if (name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Why a class was refused, and how to allow it: the same words for every codec. */
  static String refusal(String className) {
    return "refused to decode an instance of " + className
        + ": the class is not allowed (allowed are JDK value types and collections, the declared"
        + " type, classes this cache wrote in this JVM and the allowedClasses patterns); "
        + howToAllow(className);
  }

  private static Set<String> readWellKnownContainers() {
    String resource = "well-known-containers.txt";
    try (InputStream in = ClassAllowList.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("funccache's resource " + resource + " is missing");
      }
      Set<String> names = new java.util.HashSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
        int comment = line.indexOf('#');
        String name = (comment < 0 ? line : line.substring(0, comment)).trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!CLASS_NAME.matcher(name).matches()) {
          throw new IllegalStateException("funccache's resource " + resource + ": '" + name
              + "' is not a binary class name");
        }
        names.add(name);
      }
      return Set.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException("funccache's resource " + resource + " cannot be read", e);
    }
  }

  static String howToAllow(String className) {
    while (className.startsWith("[")) { // name the element class of an array, not "[L...;"
      className = className.substring(1);
      if (className.startsWith("L") && className.endsWith(";")) {
        className = className.substring(1, className.length() - 1);
      }
    }
    String pkg = className.lastIndexOf('.') > 0 ? className.substring(0, className.lastIndexOf('.')) : null;
    return "if these bytes are trusted, add \""
        + className
        + "\""
        + (pkg == null ? "" : " or a pattern such as \"" + pkg + ".*\" or \"" + pkg + ".**\"")
        + " to the cache's allowedClasses setting";
  }
}
