package io.funccache.examples.hibernate;

import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** A composite id: Hibernate caches it disassembled, as plain values, not as this class. */
@Embeddable
public class EditionId implements Serializable {
  private String isbn;
  private int number;

  protected EditionId() {}

  public EditionId(String isbn, int number) {
    this.isbn = isbn;
    this.number = number;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EditionId other && other.isbn.equals(isbn) && other.number == number;
  }

  @Override
  public int hashCode() {
    return Objects.hash(isbn, number);
  }
}
