package io.funccache.expiry;

import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Asks a cache's {@link ExpiryPolicy} for the expiry codes of one operation. The policies of
 * {@code javax.cache.expiry} return constants, so their codes are computed once; any other policy
 * is asked on every operation, as the specification requires.
 */
public final class ExpiryCalculator {
  private final ExpiryPolicy policy;
  private final boolean constant;
  private final long creation;
  private final long update;
  private final long access;

  private ExpiryCalculator(ExpiryPolicy policy, boolean constant, long creation, long update,
      long access) {
    this.policy = policy;
    this.constant = constant;
    this.creation = creation;
    this.update = update;
    this.access = access;
  }

  public static ExpiryCalculator of(ExpiryPolicy policy) {
    if (isConstant(policy)) {
      return new ExpiryCalculator(policy, true,
          ExpiryCodes.forCreation(policy.getExpiryForCreation()),
          ExpiryCodes.of(policy.getExpiryForUpdate()),
          ExpiryCodes.of(policy.getExpiryForAccess()));
    }
    return new ExpiryCalculator(policy, false, 0, 0, 0);
  }

  private static boolean isConstant(ExpiryPolicy policy) {
    Class<?> type = policy.getClass();
    return type == CreatedExpiryPolicy.class
        || type == AccessedExpiryPolicy.class
        || type == ModifiedExpiryPolicy.class
        || type == TouchedExpiryPolicy.class
        || type == EternalExpiryPolicy.class;
  }

  public ExpiryPolicy policy() {
    return policy;
  }

  /**
   * Whether the codes are constants. A custom policy must be asked only for the duration an
   * operation actually needs, which the cache learns by reading the entry first.
   */
  public boolean isConstant() {
    return constant;
  }

  public long creation() {
    if (constant) {
      return creation;
    }
    try {
      return ExpiryCodes.forCreation(policy.getExpiryForCreation());
    } catch (RuntimeException e) {
      // The specification leaves a failing policy undefined; an entry that cannot be given a
      // lifetime is not stored rather than kept forever.
      return ExpiryCodes.ZERO;
    }
  }

  public long update() {
    if (constant) {
      return update;
    }
    try {
      return ExpiryCodes.of(policy.getExpiryForUpdate());
    } catch (RuntimeException e) {
      return ExpiryCodes.KEEP;
    }
  }

  /**
   * The access code a read sends to Redis: the constant one, or KEEP for a custom policy, which is
   * asked after the read and only for an entry that was there.
   */
  public long scriptAccess() {
    return constant ? access : ExpiryCodes.KEEP;
  }

  public long access() {
    if (constant) {
      return access;
    }
    try {
      return ExpiryCodes.of(policy.getExpiryForAccess());
    } catch (RuntimeException e) {
      return ExpiryCodes.KEEP;
    }
  }
}
