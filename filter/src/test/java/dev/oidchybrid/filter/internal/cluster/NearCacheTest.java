package dev.oidchybrid.filter.internal.cluster;

import dev.oidchybrid.filter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-node copy of a cluster cache: served locally while no change is reported, dropped at the first change
 * event (any node's), at the node's own writes, after its lifetime, and never kept when a change raced the read.
 */
class NearCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_800_000_000L));

    /** A cluster cache as far as the near cache uses it: a map, counted reads, the registered listener. */
    private final class Cluster {
        final Map<Object, Object> data = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicReference<CacheEntryListener<Object, Object>> listener = new AtomicReference<>();
        /** Runs inside each cluster read, as a change event arriving while the value is on its way would. */
        Runnable duringRead = () -> { };
        boolean refusesListeners;
        boolean closed;

        @SuppressWarnings("unchecked")
        Cache<Object, Object> cache() {
            return (Cache<Object, Object>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Cache.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "get" -> {
                            reads.incrementAndGet();
                            Object value = data.get(args[0]);
                            duringRead.run();
                            yield value;
                        }
                        case "getAll" -> {
                            reads.incrementAndGet();
                            Map<Object, Object> found = new HashMap<>();
                            for (Object key : (Set<Object>) args[0]) {
                                if (data.containsKey(key)) {
                                    found.put(key, data.get(key));
                                }
                            }
                            duringRead.run();
                            yield found;
                        }
                        case "registerCacheEntryListener" -> {
                            if (refusesListeners) {
                                throw new UnsupportedOperationException("no listeners here");
                            }
                            listener.set(((CacheEntryListenerConfiguration<Object, Object>) args[0])
                                    .getCacheEntryListenerFactory().create());
                            yield null;
                        }
                        case "deregisterCacheEntryListener" -> {
                            listener.set(null);
                            yield null;
                        }
                        case "getName" -> "test-cache";
                        case "isClosed" -> closed;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        /** Another node changes {@code key}: the cluster changes it and reports the change to every listener. */
        @SuppressWarnings("unchecked")
        void changedElsewhere(EventType type, Object key, Object value) {
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
            CacheEntryListener<Object, Object> l = listener.get();
            if (l == null) {
                return;
            }
            Iterable<CacheEntryEvent<?, ?>> events = List.of(new Event(cache(), type, key, value));
            switch (type) {
                case REMOVED -> ((CacheEntryRemovedListener<Object, Object>) l).onRemoved(events);
                case UPDATED -> ((CacheEntryUpdatedListener<Object, Object>) l).onUpdated(events);
                case CREATED -> ((CacheEntryCreatedListener<Object, Object>) l).onCreated(events);
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
    }

    private static final class Event extends CacheEntryEvent<Object, Object> {
        private static final long serialVersionUID = 1L;
        private final transient Object key;
        private final transient Object value;

        Event(Cache<Object, Object> source, EventType type, Object key, Object value) {
            super(source, type);
            this.key = key;
            this.value = value;
        }

        @Override
        public Object getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object getOldValue() {
            return null;
        }

        @Override
        public boolean isOldValueAvailable() {
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> clazz) {
            throw new IllegalArgumentException();
        }
    }

    @Test
    void getWhenTheSameKeyIsReadAgainWithinTheLifetimeThenTheClusterIsAskedOnce() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);

        assertEquals("session-1", near.get("k"));
        assertEquals("session-1", near.get("k"));
        assertEquals("session-1", near.get("k"));

        assertEquals(1, cluster.reads.get());
        assertTrue(near.active());
    }

    @Test
    void getWhenAnotherNodeRemovedTheEntryThenTheNextReadHereFindsItGone() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        near.get("k");

        cluster.changedElsewhere(EventType.REMOVED, "k", null);

        assertNull(near.get("k"), "a logout on another node is seen at the next request");
    }

    @Test
    void getWhenAnotherNodeReplacedTheEntryThenTheNextReadHereHasTheNewValue() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        near.get("k");

        cluster.changedElsewhere(EventType.UPDATED, "k", "session-1-refreshed");

        assertEquals("session-1-refreshed", near.get("k"));
    }

    @Test
    void getWhenThisNodeInvalidatesAfterItsOwnWriteThenTheNextReadGoesToTheCluster() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        near.get("k");

        cluster.data.put("k", "session-2");
        near.invalidate("k");

        assertEquals("session-2", near.get("k"));
        assertEquals(2, cluster.reads.get());
    }

    @Test
    void getWhenTheLifetimeHasPassedWithoutAnyEventThenTheClusterIsReadAgain() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        near.get("k");
        // a change whose event was lost
        cluster.data.remove("k");

        clock.advance(TTL.minusMillis(1));
        assertEquals("session-1", near.get("k"), "within the lifetime the copy stands");
        clock.advance(Duration.ofMillis(1));
        assertNull(near.get("k"), "the lifetime bounds a lost event");
    }

    @Test
    void getWhenAChangeIsReportedWhileTheValueIsBeingReadThenThatValueIsNotKept() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        // the value is read, then a logout elsewhere removes it and its event arrives before the read returns
        cluster.duringRead = () -> {
            cluster.duringRead = () -> { };
            cluster.changedElsewhere(EventType.REMOVED, "k", null);
        };

        assertEquals("session-1", near.get("k"), "this request read it before the change");

        assertNull(near.get("k"), "the next one does not get the stale copy");
        assertEquals(0, near.size());
    }

    @Test
    void getWhenTheClusterDoesNotHoldTheKeyThenAbsenceIsNotKeptForSessions() {
        Cluster cluster = new Cluster();
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        assertNull(near.get("random-handle"));

        cluster.data.put("random-handle", "x");

        assertEquals("x", near.get("random-handle"));
        assertEquals(2, cluster.reads.get());
    }

    @Test
    void getAllWhenNothingIsRevokedThenAbsenceIsKeptUntilARevocationIsReported() {
        Cluster cluster = new Cluster();
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, true);
        Set<String> keys = Set.of("sub-key", "sid-key");

        assertTrue(near.getAll(keys).isEmpty());
        assertTrue(near.getAll(keys).isEmpty());
        assertEquals(1, cluster.reads.get(), "no revocation: one read for both checks");

        cluster.changedElsewhere(EventType.CREATED, "sid-key", 1234L);

        assertEquals(Map.of("sid-key", 1234L), near.getAll(keys), "a revocation on another node counts at once");
    }

    @Test
    void getAllWhenSomeKeysAreFreshThenOnlyTheOthersAreRead() {
        Cluster cluster = new Cluster();
        cluster.data.put("a", 1L);
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, true);
        near.getAll(Set.of("a"));

        assertEquals(Map.of("a", 1L), near.getAll(Set.of("a", "b")));
        assertEquals(2, cluster.reads.get());
        assertEquals(Map.of("a", 1L), near.getAll(Set.of("a", "b")));
        assertEquals(2, cluster.reads.get(), "both known now");
    }

    @Test
    void openWhenTheLifetimeIsZeroThenEveryReadGoesToTheCluster() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "v");
        NearCache near = NearCache.open(cluster.cache(), clock, Duration.ZERO, false);

        near.get("k");
        near.get("k");
        near.getAll(Set.of("k"));

        assertEquals(3, cluster.reads.get());
        assertFalse(near.active());
        assertNull(cluster.listener.get(), "no listener without copies");
    }

    @Test
    void openWhenTheProviderTakesNoListenerThenEveryReadGoesToTheCluster() {
        Cluster cluster = new Cluster();
        cluster.refusesListeners = true;
        cluster.data.put("k", "v");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);

        near.get("k");
        near.get("k");

        assertEquals(2, cluster.reads.get(), "without change events no copy may be kept");
        assertFalse(near.active());
    }

    @Test
    void getWhenFullThenNewValuesAreReadEachTimeAndTheCopiesNeverExceedTheCapacity() {
        Cluster cluster = new Cluster();
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, false);
        for (int i = 0; i < NearCache.CAPACITY + 10; i++) {
            cluster.data.put("k" + i, "v" + i);
            near.get("k" + i);
        }
        assertEquals(NearCache.CAPACITY, near.size());
        int reads = cluster.reads.get();
        near.get("k" + (NearCache.CAPACITY + 5));
        assertEquals(reads + 1, cluster.reads.get(), "not kept when full");

        clock.advance(TTL.plusSeconds(1));
        cluster.data.put("fresh", "v");
        near.get("fresh");
        assertTrue(near.size() <= 1, "expired copies make room");
    }

    @Test
    void invalidationsWhenACopyOfTheListenerFactoryIsMadeElsewhereThenItsListenerDoesNothing() throws Exception {
        NearCache.Invalidations factory = new NearCache.Invalidations();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        NearCache.Invalidations copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (NearCache.Invalidations) in.readObject();
        }
        Cluster cluster = new Cluster();
        @SuppressWarnings("unchecked")
        CacheEntryRemovedListener<Object, Object> listener = (CacheEntryRemovedListener<Object, Object>) copy.create();

        // a provider that copies the registration to other members gets a listener with nowhere to report to:
        // it must not fail their events
        listener.onRemoved(List.of(new Event(cluster.cache(), EventType.REMOVED, "k", null)));
        assertTrue(listener instanceof CacheEntryCreatedListener<?, ?>);
    }

    @Test
    void getWhenTheCacheWasClosedUnderneathThenNoCopyIsServedAndTheClusterIsAsked() {
        Cluster cluster = new Cluster();
        cluster.data.put("k", "session-1");
        NearCache near = NearCache.open(cluster.cache(), clock, TTL, true);
        near.get("k");
        near.getAll(Set.of("r"));

        cluster.closed = true;
        near.get("k");
        near.getAll(Set.of("r"));

        assertEquals(4, cluster.reads.get(), "a closed cache hears of no change: its copies are not trusted");
        assertEquals(0, near.size());
    }
}
