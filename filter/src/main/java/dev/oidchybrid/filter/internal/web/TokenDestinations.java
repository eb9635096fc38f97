package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.Origins;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The origins the user's access token may be sent to: {@code api-origins}, the provider's UserInfo endpoint,
 * and the application itself ({@code base-url}, else the socket the request came in on: never the Host header,
 * which the client chooses).
 *
 * <p>Every authenticated request asks for the set, so it is built once per local socket (scheme, address, port)
 * and provider metadata, not parsed again from URLs each time; new metadata (a rediscovery) builds it anew.
 */
final class TokenDestinations {

    /** More local sockets than any server listens on; beyond it the sets are simply built again. */
    static final int MAX_SOCKETS = 64;

    private record Socket(String scheme, String address, int port) {
    }

    private record Built(ProviderMetadata metadata, Set<String> origins) {
    }

    private final List<String> apiOrigins;
    private final Supplier<ProviderMetadata> provider;
    /** The origin of {@code base-url}, worked out once; null without one. */
    private final String baseOrigin;
    private final Map<Socket, Built> built = new ConcurrentHashMap<>();

    /** @param provider the discovered metadata if discovery succeeded yet, else null (never fetches) */
    TokenDestinations(List<String> apiOrigins, Supplier<ProviderMetadata> provider, Optional<String> baseUrl) {
        this.apiOrigins = apiOrigins;
        this.provider = provider;
        this.baseOrigin = baseUrl.map(Origins::of).orElse(null);
    }

    Set<String> of(HttpServletRequest request) {
        ProviderMetadata metadata = provider.get();
        // with base-url the socket plays no part: one set for every request
        Socket socket = baseOrigin != null ? null
                : new Socket(request.getScheme(), request.getLocalAddr(), request.getLocalPort());
        Socket key = socket == null ? new Socket("", "", -1) : socket;
        Built cached = built.get(key);
        if (cached != null && cached.metadata() == metadata) {
            return cached.origins();
        }
        Set<String> origins = build(metadata, socket);
        if (built.size() >= MAX_SOCKETS) {
            built.clear();
        }
        built.put(key, new Built(metadata, origins));
        return origins;
    }

    private Set<String> build(ProviderMetadata metadata, Socket socket) {
        Set<String> origins = new LinkedHashSet<>(apiOrigins);
        if (metadata != null) {
            metadata.userinfo().map(Origins::of).ifPresent(origins::add);
        }
        String own = baseOrigin;
        if (socket != null) {
            String address = socket.address();
            String host = address != null && address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            own = Origins.of(socket.scheme() + "://" + host + ":" + socket.port());
        }
        if (own != null) {
            origins.add(own);
        }
        return Collections.unmodifiableSet(origins);
    }
}
