package io.funccache.event;

import java.util.List;
import javax.cache.event.EventType;

/** Changes of one type, in batch order, that a listener receives in a single call. */
record Run<K, V>(EventType type, List<Change<K, V>> changes) {
}
