package io.funccache.store;

/**
 * A built-in policy's reference model (PolicyModelTest): the public
 * {@link io.funccache.policy.PolicyModel}, under the name the store's tests use.
 */
public interface PolicyModel extends io.funccache.policy.PolicyModel {}
