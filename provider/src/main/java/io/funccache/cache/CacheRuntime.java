package io.funccache.cache;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a manager shares with its caches.
 *
 * @param executor runs asynchronous listeners and loadAll
 * @param scheduler runs the heartbeats that keep other JVMs publishing to our listeners
 * @param remoteDelivery delivers other JVMs' changes to our listeners, one at a time, in order
 * @param origin this manager's id in published changes
 */
public record CacheRuntime(Executor executor, ScheduledExecutorService scheduler,
    Executor remoteDelivery, String origin) {}
