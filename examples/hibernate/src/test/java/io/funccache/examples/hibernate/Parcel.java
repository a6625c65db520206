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

  private Priority priority;

  protected Parcel() {}

  public Parcel(Long id, Label label) {
    this.id = id;
    this.label = label;
  }

  public Parcel(Long id, Priority priority) {
    this.id = id;
    this.priority = priority;
  }

  public Priority getPriority() {
    return priority;
  }

  public Label getLabel() {
    return label;
  }
}
