package io.funccache.examples.hibernate;

/** An application enum in an entity's state: cached as itself, an application class too. */
public enum Priority {
  LOW,
  HIGH
}
