package io.funccache.examples.micronaut;

import io.micronaut.context.ApplicationContext;

/** Starts the context, calls the cached method twice and prints where each answer came from. */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    try (ApplicationContext context = ApplicationContext.run()) {
      PriceService prices = context.getBean(PriceService.class);
      for (int call = 1; call <= 2; call++) {
        int before = prices.lookups("sku-42");
        long start = System.nanoTime();
        String price = prices.price("sku-42");
        double millis = (System.nanoTime() - start) / 1e6;
        String source = prices.lookups("sku-42") > before ? "computed" : "served from Redis";
        System.out.printf("call %d: %s in %.1f ms (%s)%n", call, price, millis, source);
      }
    }
  }
}
