package io.funccache.codec.gadget;

/** Set by {@link Gadget} when any of its code runs; kept apart so reading it never loads Gadget. */
public final class GadgetFlags {
  public static volatile boolean initialized;
  public static volatile boolean constructed;

  private GadgetFlags() {}
}
