package io.funccache.codec.planted;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A Serializable class that flags any code deserialization runs for it. */
public class Planted extends PlantedBase implements Serializable {
  private static final long serialVersionUID = 1L;

  public static volatile boolean baseConstructorRan;
  public static volatile boolean readObjectRan;

  private final String name;

  public Planted(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public static void reset() {
    baseConstructorRan = false;
    readObjectRan = false;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    readObjectRan = true;
    in.defaultReadObject();
  }
}
