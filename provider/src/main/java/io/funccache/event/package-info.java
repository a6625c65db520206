/**
 * Cache entry listeners (JSR-107 chapter 8): {@link io.funccache.event.EventDispatcher} keeps a
 * cache's listener registrations and delivers the events of each cache operation to them.
 */
package io.funccache.event;
