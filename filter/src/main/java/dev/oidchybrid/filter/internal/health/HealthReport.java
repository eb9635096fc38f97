package dev.oidchybrid.filter.internal.health;

import dev.oidchybrid.filter.internal.discovery.JwksKeyResolver.KeySetState;
import dev.oidchybrid.filter.internal.selfcheck.Finding;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One filter instance's health at one moment, and the JSON the health endpoint answers with. Only what is safe to
 * show anyone: ages, a key count, error codes, true/false, and each self-check finding's level and setting (the
 * finding's text stays in the log); never a secret, a token, a user, a URL or an error description.
 *
 * <p>{@link #up()} is false when this node cannot serve logins or tokens now, for reasons that pass once the
 * provider or the cluster is back: discovery has not succeeded, no key set could be had, or the JCache cluster
 * (when configured) does not answer. The last provider error and ERROR findings do not count: one failed token
 * request (a forged callback makes one) says nothing of the next, and a configuration the provider refuses is not
 * mended by taking every node out of the load balancer; monitoring can alert on them in the JSON.
 *
 * @param now          when the report was made
 * @param discoveredAt when discovery succeeded, or null while it has not
 * @param jwks         the key set in use
 * @param lastError    the last failed call to the provider
 * @param jcache       whether the JCache cluster answered; empty when none is configured
 * @param findings     the start-up self-check's findings (empty until discovery succeeded)
 */
public record HealthReport(Instant now, Instant discoveredAt, KeySetState jwks,
                           Optional<ProviderErrors.LastError> lastError, Optional<Boolean> jcache,
                           List<Finding> findings) {

    /** Looked up once: {@code Json.create*} would search the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    public HealthReport {
        findings = List.copyOf(findings);
    }

    public boolean up() {
        return discoveredAt != null && jwks.fetchedAt() != null && jcache.orElse(true);
    }

    /** {@code UP} or {@code DOWN}. */
    public String status() {
        return up() ? "UP" : "DOWN";
    }

    /** The endpoint's answer; see README.md "Health". */
    public String toJson() {
        JsonObjectBuilder discovery = JSON.createObjectBuilder().add("available", discoveredAt != null);
        if (discoveredAt != null) {
            discovery.add("age_seconds", ageSeconds(discoveredAt));
        }
        JsonObjectBuilder keys = JSON.createObjectBuilder().add("available", jwks.fetchedAt() != null)
                .add("keys", jwks.keyCount());
        if (jwks.fetchedAt() != null) {
            keys.add("age_seconds", ageSeconds(jwks.fetchedAt()));
        }
        JsonObjectBuilder out = JSON.createObjectBuilder().add("status", status()).add("discovery", discovery)
                .add("jwks", keys);
        lastError.ifPresentOrElse(error -> {
            JsonObjectBuilder last = JSON.createObjectBuilder().add("code", error.code());
            if (error.providerError() != null) {
                last.add("provider_error", error.providerError());
            }
            out.add("last_provider_error", last.add("at", error.at().toString())
                    .add("age_seconds", ageSeconds(error.at())));
        }, () -> out.addNull("last_provider_error"));
        jcache.ifPresent(reachable -> out.add("jcache", JSON.createObjectBuilder().add("reachable", reachable)));
        JsonArrayBuilder checks = JSON.createArrayBuilder();
        for (Finding finding : findings) {
            checks.add(JSON.createObjectBuilder().add("level", finding.severity().name())
                    .add("subject", finding.subject()));
        }
        return out.add("self_check", checks).build().toString();
    }

    /**
     * The same as flat name/value pairs (strings, numbers, booleans), as MicroProfile Health data wants them, each
     * name starting with {@code prefix}.
     */
    public Map<String, Object> data(String prefix) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(prefix + "status", status());
        data.put(prefix + "discovery_available", discoveredAt != null);
        if (discoveredAt != null) {
            data.put(prefix + "discovery_age_seconds", ageSeconds(discoveredAt));
        }
        data.put(prefix + "jwks_available", jwks.fetchedAt() != null);
        data.put(prefix + "jwks_keys", (long) jwks.keyCount());
        if (jwks.fetchedAt() != null) {
            data.put(prefix + "jwks_age_seconds", ageSeconds(jwks.fetchedAt()));
        }
        lastError.ifPresent(error -> {
            data.put(prefix + "last_provider_error", error.code()
                    + (error.providerError() == null ? "" : " (" + error.providerError() + ")"));
            data.put(prefix + "last_provider_error_at", error.at().toString());
        });
        jcache.ifPresent(reachable -> data.put(prefix + "jcache_reachable", reachable));
        if (!findings.isEmpty()) {
            data.put(prefix + "self_check", findings.stream().map(f -> f.severity() + " " + f.subject())
                    .collect(Collectors.joining(", ")));
        }
        return data;
    }

    private long ageSeconds(Instant at) {
        return Math.max(0, Duration.between(at, now).toSeconds());
    }
}
