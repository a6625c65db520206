package io.funccache.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.funccache.RedisCacheConfiguration;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot 4 only: its JSON library is Jackson 3 (tools.jackson), while funccache's json codec
 * uses Jackson 2 (com.fasterxml.jackson) from Spring Boot's own jackson-2-bom; both work side by
 * side in one application. The rest of this module's tests are examples/spring-boot's, run here
 * on Spring Boot 4.
 */
@SpringBootTest(properties = "example.demo=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Jackson3BesideJackson2Test {
  static final String NAMESPACE = "spring-boot-4-jackson-test-" + UUID.randomUUID();

  @DynamicPropertySource
  static void ownNamespace(DynamicPropertyRegistry registry) {
    registry.add("funccache.namespace", () -> NAMESPACE);
  }

  @Autowired JsonMapper jackson3;
  @Autowired CacheManager jcache;

  @AfterAll
  void destroyCaches() {
    for (String name : jcache.getCacheNames()) {
      jcache.destroyCache(name);
    }
  }

  @Test
  @SuppressWarnings({"rawtypes", "unchecked"})
  void funccachesJackson2WorksBesideSpringBootsJackson3() {
    assertThat(jackson3.writeValueAsString(Map.of("a", 1))).isEqualTo("{\"a\":1}");
    Cache<String, Map> json = jcache.createCache("json",
        new RedisCacheConfiguration<String, Map>().setTypes(String.class, Map.class)
            .setCodec("json"));
    json.put("quote", Map.of("sku", "apple", "cents", 120));
    assertThat(json.get("quote")).isEqualTo(Map.of("sku", "apple", "cents", 120));
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion())
        .as("Jackson 2 is there").isPositive();
  }
}
