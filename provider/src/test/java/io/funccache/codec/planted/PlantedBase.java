package io.funccache.codec.planted;

/** Not Serializable: deserializing a subclass calls this no-arg constructor. */
public class PlantedBase {
  public PlantedBase() {
    Planted.baseConstructorRan = true;
  }
}
