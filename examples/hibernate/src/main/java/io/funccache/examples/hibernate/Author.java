package io.funccache.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.LocalDate;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** Rarely written, and a short window of staleness is fine: NONSTRICT_READ_WRITE. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE)
public class Author {
  @Id private Long id;

  private String name;

  private LocalDate born;

  protected Author() {}

  public Author(Long id, String name, LocalDate born) {
    this.id = id;
    this.name = name;
    this.born = born;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public LocalDate getBorn() {
    return born;
  }
}
