package io.funccache.codec.planted.sub;

import java.io.Serializable;

/** A record in a subpackage, for ".*" versus ".**" patterns. */
public record DeepPlanted(int n) implements Serializable {}
