package io.funccache.codec.gadget;

/** A bean whose static initializer and constructor record that they ran. Never written by a codec. */
public class Gadget {
  static {
    GadgetFlags.initialized = true;
  }

  private String value;

  public Gadget() {
    GadgetFlags.constructed = true;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
