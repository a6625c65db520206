package io.funccache.examples.hibernate;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * An application class that Hibernate serializes into the database column and keeps, as it is,
 * in the entity's cached state. It counts the times funccache's codec deserialized one (Hibernate
 * deserializes it too, from the column and to copy it), so a test can prove a refused one never was.
 */
public class Label implements Serializable {
  static volatile int decodedFromTheCache;

  private final String text;

  public Label(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (StackWalker.getInstance().walk(frames -> frames.anyMatch(
        f -> f.getClassName().startsWith("io.funccache.codec.")))) {
      decodedFromTheCache++;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Label other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
