package io.funccache.event;

import javax.cache.event.EventType;

/**
 * One raw change recorded by a batch, before it is shaped into a {@link CacheEvent} for a
 * particular registration.
 *
 * @param newValue the value after the change (CREATED, UPDATED), else null
 * @param previous the value before the change (UPDATED, REMOVED, EXPIRED), null when unknown
 */
record Change<K, V>(EventType type, K key, V newValue, V previous) {
}
