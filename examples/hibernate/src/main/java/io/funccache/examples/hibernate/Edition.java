package io.funccache.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity with a composite id, whose cache keys Hibernate builds differently. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Edition {
  @EmbeddedId private EditionId id;

  private int copies;

  protected Edition() {}

  public Edition(EditionId id, int copies) {
    this.id = id;
    this.copies = copies;
  }

  public int getCopies() {
    return copies;
  }
}
