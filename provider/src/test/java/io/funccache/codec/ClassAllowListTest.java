package io.funccache.codec;

import static io.funccache.codec.TestContexts.untyped;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassAllowListTest {
  static final String ITEM = "org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item";

  @Test
  void wellKnownContainersAreAllowedInEveryCacheWithoutAnySetting() {
    ClassAllowList allowList = new ClassAllowList(untyped());
    assertTrue(ClassAllowList.WELL_KNOWN_CONTAINERS.contains(
        "org.hibernate.cache.spi.entry.StandardCacheEntryImpl"));
    for (String name : ClassAllowList.WELL_KNOWN_CONTAINERS) {
      assertTrue(allowList.allowsName(name), name);
      assertTrue(allowList.allowsName("[L" + name + ";"), name + "[]");
    }
  }

  @Test
  void wellKnownContainersAllowTheirOwnClassOnlyNeverTheirPackage() {
    ClassAllowList allowList = new ClassAllowList(untyped());
    assertTrue(allowList.allowsName(ITEM));
    assertFalse(allowList.allowsName("org.hibernate.cache.spi.support.AbstractReadWriteAccess"));
    assertFalse(allowList.allowsName("org.hibernate.cache.spi.support.AbstractReadWriteAccess$Evil"));
    assertFalse(allowList.allowsName("org.hibernate.cache.spi.support.RegionNameQualifier"));
    assertFalse(allowList.allowsName(ITEM + "x"));
    assertFalse(allowList.allowsName("org.hibernate.internal.util.SerializationHelper"));
  }

  @Test
  void learnedArrayClassesAreKeptAsTheirElementClass() {
    ClassAllowList allowList = new ClassAllowList(untyped());
    assertFalse(allowList.allowsName("com.example.Thing"));
    allowList.learn(java.util.List.of("[[Lcom.example.Thing;", "[I"));
    assertTrue(allowList.allowsName("com.example.Thing"));
    assertTrue(allowList.allowsName("[Lcom.example.Thing;"));
    assertTrue(allowList.isLearned("[Lcom.example.Thing;"));
    assertFalse(allowList.allowsName("com.example.Other"));
  }
}
