package io.funccache.examples.springboot;

import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Optional: lets the Spring property {@code funccache.namespace} (application.properties, an
 * environment variable FUNCCACHE_NAMESPACE, {@code --funccache.namespace=...}) override the
 * YAML file's namespace. Spring Boot hands these properties to {@code getCacheManager}. Spring
 * Boot 4 moved the customizer to its spring-boot-cache module; the rest of this example's sources
 * are examples/spring-boot's.
 */
@Configuration
public class FunccacheNamespace {

  @Bean
  JCachePropertiesCustomizer namespaceFromSpring(Environment environment) {
    return properties -> {
      String namespace = environment.getProperty("funccache.namespace");
      if (namespace != null && !namespace.isBlank()) {
        properties.setProperty("funccache.namespace", namespace);
      }
    };
  }
}
