package io.funccache.management;

import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** The specification's configuration MXBean, read live from the cache's configuration. */
public final class CacheConfigurationBean implements CacheMXBean {
  private final Cache<?, ?> cache;

  public CacheConfigurationBean(Cache<?, ?> cache) {
    this.cache = cache;
  }

  private CompleteConfiguration<?, ?> configuration() {
    return cache.getConfiguration(CompleteConfiguration.class);
  }

  @Override
  public String getKeyType() {
    return configuration().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return configuration().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return configuration().isManagementEnabled();
  }
}
