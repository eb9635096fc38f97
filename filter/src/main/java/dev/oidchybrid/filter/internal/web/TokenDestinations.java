package dev.oidchybrid.filter.internal.web;

import dev.oidchybrid.filter.internal.config.Origins;
import dev.oidchybrid.filter.internal.discovery.ProviderMetadata;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The origins the user's access token may be sent to: {@code api-origins}, the provider's UserInfo endpoint,
 * and the application itself ({@code base-url}, else the socket the request came in on: never the Host header,
 * which the client chooses).
 */
final class TokenDestinations {

    private final List<String> apiOrigins;
    private final Supplier<ProviderMetadata> provider;
    private final Optional<String> baseUrl;

    /** @param provider the discovered metadata if discovery succeeded yet, else null (never fetches) */
    TokenDestinations(List<String> apiOrigins, Supplier<ProviderMetadata> provider, Optional<String> baseUrl) {
        this.apiOrigins = apiOrigins;
        this.provider = provider;
        this.baseUrl = baseUrl;
    }

    Set<String> of(HttpServletRequest request) {
        Set<String> origins = new LinkedHashSet<>(apiOrigins);
        ProviderMetadata metadata = provider.get();
        if (metadata != null) {
            metadata.userinfo().map(Origins::of).ifPresent(origins::add);
        }
        String own = baseUrl.map(Origins::of).orElseGet(() -> {
            String address = request.getLocalAddr();
            String host = address != null && address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            return Origins.of(request.getScheme() + "://" + host + ":" + request.getLocalPort());
        });
        if (own != null) {
            origins.add(own);
        }
        return Collections.unmodifiableSet(origins);
    }
}
