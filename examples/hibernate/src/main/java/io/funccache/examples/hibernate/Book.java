package io.funccache.examples.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** Read often, written now and then: READ_WRITE, with a version, a cached collection and a natural id. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@NaturalIdCache
public class Book {
  @Id private Long id;

  @NaturalId private String isbn;

  private String title;

  private BigDecimal price;

  @Version private Integer version;

  @ElementCollection
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  private Set<String> tags = new HashSet<>();

  protected Book() {}

  public Book(Long id, String isbn, String title, BigDecimal price) {
    this.id = id;
    this.isbn = isbn;
    this.title = title;
    this.price = price;
  }

  public Long getId() {
    return id;
  }

  public String getIsbn() {
    return isbn;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public BigDecimal getPrice() {
    return price;
  }

  public void setPrice(BigDecimal price) {
    this.price = price;
  }

  public Integer getVersion() {
    return version;
  }

  public Set<String> getTags() {
    return tags;
  }
}
