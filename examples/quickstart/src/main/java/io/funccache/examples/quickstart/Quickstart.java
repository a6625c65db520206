package io.funccache.examples.quickstart;

/** Placeholder until the provider exists. */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {}
}
