package dev.oidchybrid.filter.internal.cluster;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-node copy of what this node read lately from one JCache cache, so that the requests of a signed-in user
 * do not each go to the cluster: entries are dropped as soon as the cluster reports a change of their key (a
 * cache entry listener receives every node's creations, updates, removals and expiries), and in any case after
 * {@code ttl}, the bound on how stale a copy can be when an event is lost. Writes through this node drop the
 * local copy at once. A read that raced with a change (the change's event arrived while the value was on its
 * way) is not kept.
 *
 * <p>A logout or revocation on another node is seen here once its event arrives: the cluster sends it as the
 * change is made, before that node answers the request that made it. With a provider that does not deliver
 * other nodes' events, only {@code ttl} bounds it (set {@code jcache-near-cache=0} there).
 */
public final class NearCache {

    private static final System.Logger LOG = System.getLogger("dev.oidchybrid.filter");

    /** Entries kept at most; beyond it values are read from the cluster each time until some expire. */
    static final int CAPACITY = 4096;

    /** A value read from the cluster, or {@code null} for a key it did not hold. */
    private record Entry(Object value, long expiresAtMillis) {
    }

    private final Cache<Object, Object> cache;
    private final Clock clock;
    private final long ttlMillis;
    private final boolean keepAbsent;
    private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
    /** Moves on at every change reported or made: a read begun before a change does not keep its value. */
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong nextPurge = new AtomicLong();
    private final CacheEntryListenerConfiguration<Object, Object> registration;

    private NearCache(Cache<Object, Object> cache, Clock clock, long ttlMillis, boolean keepAbsent,
                      CacheEntryListenerConfiguration<Object, Object> registration) {
        this.cache = cache;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
        this.keepAbsent = keepAbsent;
        this.registration = registration;
    }

    /**
     * A near cache in front of {@code cache}, listening to its changes; without copies when {@code ttl} is zero or
     * the provider takes no listener (then every read goes to the cluster, as before).
     *
     * @param keepAbsent whether "not in the cluster" is kept too (for caches where most lookups find nothing)
     */
    public static NearCache open(Cache<Object, Object> cache, Clock clock, Duration ttl, boolean keepAbsent) {
        if (ttl.isZero() || ttl.isNegative()) {
            return new NearCache(cache, clock, 0, keepAbsent, null);
        }
        Invalidations factory = new Invalidations();
        MutableCacheEntryListenerConfiguration<Object, Object> registration =
                new MutableCacheEntryListenerConfiguration<>(factory, null, false, true);
        NearCache near = new NearCache(cache, clock, ttl.toMillis(), keepAbsent, registration);
        factory.target = near;
        try {
            register(cache, registration);
            return near;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OIDC JCache cache {0} takes no entry listener ({1}): every request "
                    + "reads it from the cluster; set jcache-near-cache=0 to say so", cache.getName(), e.toString());
            return new NearCache(cache, clock, 0, keepAbsent, null);
        }
    }

    /**
     * Registers the listener on this node only where the provider allows it (Hazelcast would otherwise send the
     * listener's configuration to every member, whose class loader may not know the filter's classes).
     */
    private static void register(Cache<Object, Object> cache,
                                 CacheEntryListenerConfiguration<Object, Object> registration) {
        try {
            Method local = cache.getClass().getMethod("registerCacheEntryListener",
                    CacheEntryListenerConfiguration.class, boolean.class);
            local.invoke(cache, registration, false);
            return;
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // not such a provider: the standard registration below
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        cache.registerCacheEntryListener(registration);
    }

    /** Whether copies are kept (false: every read goes to the cluster). */
    public boolean active() {
        return ttlMillis > 0;
    }

    /** The value of {@code key}: the local copy while it is fresh, else the cluster's. */
    public Object get(Object key) {
        if (ttlMillis == 0) {
            return cache.get(key);
        }
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now && open()) {
            return entry.value();
        }
        long before = changes.get();
        Object value = cache.get(key);
        keep(key, value, before, now);
        return value;
    }

    /** The values of {@code keys} the cluster holds (absent keys are left out), local copies first. */
    public Map<Object, Object> getAll(Set<?> keys) {
        if (ttlMillis == 0) {
            return cache.getAll(new HashSet<>(keys));
        }
        long now = clock.millis();
        if (!open()) {
            return cache.getAll(new HashSet<>(keys));
        }
        Map<Object, Object> found = new HashMap<>();
        Set<Object> missing = new HashSet<>();
        for (Object key : keys) {
            Entry entry = entries.get(key);
            if (entry != null && entry.expiresAtMillis() > now) {
                if (entry.value() != null) {
                    found.put(key, entry.value());
                }
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            long before = changes.get();
            Map<Object, Object> read = cache.getAll(missing);
            for (Object key : missing) {
                Object value = read.get(key);
                keep(key, value, before, now);
                if (value != null) {
                    found.put(key, value);
                }
            }
        }
        return found;
    }

    /**
     * Whether the cache is still open: a node whose cluster member shut down hears of no change any more, so its
     * copies go and the read fails as the cluster's would.
     */
    private boolean open() {
        if (cache.isClosed()) {
            entries.clear();
            return false;
        }
        return true;
    }

    /** Drops the local copy of {@code key}: this node changed it, or the cluster reported a change. */
    public void invalidate(Object key) {
        entries.remove(key);
        changes.incrementAndGet();
    }

    /** Stops listening to the cluster (the cache manager's close ends the registration too). */
    void close() {
        entries.clear();
        if (registration != null) {
            try {
                cache.deregisterCacheEntryListener(registration);
            } catch (RuntimeException e) {
                // the cache (or its manager) is already closed: the listener went with it
            }
        }
    }

    int size() {
        return entries.size();
    }

    private void keep(Object key, Object value, long before, long now) {
        if (value == null && !keepAbsent) {
            return;
        }
        if (entries.size() >= CAPACITY && !purge(now)) {
            return;
        }
        Entry entry = new Entry(value, now + ttlMillis);
        entries.put(key, entry);
        // a change reported while the value was read may be newer than it: not kept then
        if (changes.get() != before) {
            entries.remove(key, entry);
        }
    }

    /** Drops expired entries (at most once a second); whether there is room now. */
    private boolean purge(long now) {
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + 1000)) {
            entries.values().removeIf(e -> e.expiresAtMillis() <= now);
        }
        return entries.size() < CAPACITY;
    }

    /**
     * The listener's factory. Only this node's registration has a target; a copy the provider made elsewhere
     * (deserialized without it) makes a listener that does nothing.
     */
    static final class Invalidations implements Factory<CacheEntryListener<Object, Object>> {
        private static final long serialVersionUID = 1L;

        private transient NearCache target;

        @Override
        public CacheEntryListener<Object, Object> create() {
            return new Listener(target);
        }
    }

    private record Listener(NearCache target) implements CacheEntryCreatedListener<Object, Object>,
            CacheEntryUpdatedListener<Object, Object>, CacheEntryRemovedListener<Object, Object>,
            CacheEntryExpiredListener<Object, Object> {

        @Override
        public void onCreated(Iterable<CacheEntryEvent<?, ?>> events) {
            drop(events);
        }

        @Override
        public void onUpdated(Iterable<CacheEntryEvent<?, ?>> events) {
            drop(events);
        }

        @Override
        public void onRemoved(Iterable<CacheEntryEvent<?, ?>> events) {
            drop(events);
        }

        @Override
        public void onExpired(Iterable<CacheEntryEvent<?, ?>> events) {
            drop(events);
        }

        private void drop(Iterable<CacheEntryEvent<?, ?>> events) {
            if (target == null) {
                return;
            }
            for (CacheEntryEvent<?, ?> event : events) {
                target.invalidate(event.getKey());
            }
        }
    }
}
