package io.funccache.examples.springboot;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose caches are funccache caches in Redis. The provider and its
 * config file are chosen in {@code application.properties}; the caches, their eviction policies
 * and size bounds are declared in {@code funccache.yaml}.
 *
 * <p>{@code @EnableCaching} turns on both Spring's {@code @Cacheable} and, because
 * {@code javax.cache:cache-api} is on the class path, JSR-107's {@code @CacheResult}.
 */
@SpringBootApplication
@EnableCaching
public class SpringBootExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SpringBootExampleApplication.class, args);
  }

  /** When run as a program: call each cached method twice and print how long each call took. */
  @Bean
  CommandLineRunner demo(PriceService prices, SquareService squares) {
    return args -> {
      if (args.length > 0 && args[0].equals("--no-demo")) {
        return;
      }
      timed("prices.price(\"apple\")", () -> prices.price("apple"));
      timed("prices.price(\"apple\")", () -> prices.price("apple"));
      timed("squares.square(12)", () -> squares.square(12));
      timed("squares.square(12)", () -> squares.square(12));
    };
  }

  private static void timed(String call, java.util.function.Supplier<Object> body) {
    long start = System.nanoTime();
    Object result = body.get();
    System.out.printf("%s = %s in %.1f ms%n", call, result, (System.nanoTime() - start) / 1e6);
  }
}
