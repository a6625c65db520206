package io.funccache.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity whose state holds an application class ({@link Label}), stored serialized. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Parcel {
  @Id private Long id;

  private Label label;

  protected Parcel() {}

  public Parcel(Long id, Label label) {
    this.id = id;
    this.label = label;
  }

  public Label getLabel() {
    return label;
  }
}
