package io.funccache.examples.springboot;

import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A Spring Boot application whose caches are funccache caches in Redis. The provider and its
 * config file are chosen in {@code application.properties}; the caches, their eviction policies
 * and size bounds are declared in {@code funccache.yaml}. The same sources run on Spring Boot 3.5
 * (this module) and 4.0 ({@code examples/spring-boot-4}); only {@link FunccacheNamespace} differs.
 *
 * <p>{@code @EnableCaching} turns on both Spring's {@code @Cacheable} and, because
 * {@code javax.cache:cache-api} is on the class path, JSR-107's {@code @CacheResult}.
 */
@SpringBootApplication
@EnableCaching
public class SpringBootExampleApplication {

  /** Runs the demo below, then closes the application (which closes the cache manager). */
  public static void main(String[] args) {
    SpringApplication.exit(SpringApplication.run(SpringBootExampleApplication.class, args));
  }

  /**
   * When run as a program: call each cached method twice and print what happened. Skipped with
   * {@code --example.demo=false} (the tests do).
   */
  @Bean
  CommandLineRunner demo(PriceService prices, SquareService squares, CacheManager jcache,
      Environment environment) {
    return args -> {
      if (!environment.getProperty("example.demo", Boolean.class, true)) {
        return;
      }
      System.out.println("funccache config: " + jcache.getURI());
      System.out.println("funccache namespace: "
          + jcache.getProperties().getProperty("funccache.namespace", "(from the config file)"));
      for (int i = 0; i < 2; i++) {
        call("prices.price(\"apple\")", () -> prices.price("apple"), () -> prices.calls("apple"));
      }
      for (int i = 0; i < 2; i++) {
        call("squares.square(12)", () -> squares.square(12), () -> squares.calls(12));
      }
    };
  }

  private static void call(String call, Supplier<Object> body, IntSupplier calls) {
    int before = calls.getAsInt();
    long start = System.nanoTime();
    Object result = body.get();
    double millis = (System.nanoTime() - start) / 1e6;
    String how = calls.getAsInt() > before ? "computed" : "served from Redis";
    System.out.printf("%s = %s in %.1f ms (%s)%n", call, result, millis, how);
  }
}
