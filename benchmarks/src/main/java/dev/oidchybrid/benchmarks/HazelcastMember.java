package dev.oidchybrid.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code jcache} section's cluster: one Hazelcast member in the benchmark's JVM (the JCache provider
 * {@code HazelcastMemberCachingProvider}, started by the filter from a config file), as README's "Running in a
 * cluster" recipe runs a node: on loopback, no multicast, a cluster of its own name.
 */
final class HazelcastMember {

    static final String PROVIDER = "com.hazelcast.cache.HazelcastMemberCachingProvider";

    private HazelcastMember() {
    }

    /** The filter settings for {@code session-store=jcache} with a fresh member config under {@code dir}. */
    static Map<String, String> settings(Path dir) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>oidc-bench-%s</cluster-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.logging.type">none</property>
                  </properties>
                  <network>
                    <port auto-increment="false">%d</port>
                    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true"><member>127.0.0.1:%d</member></tcp-ip>
                    </join>
                  </network>
                </hazelcast>
                """.formatted(UUID.randomUUID(), port, port);
        Path config = dir.resolve("hazelcast-bench.xml");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("session-store", "jcache", "jcache-provider", PROVIDER, "jcache-uri", config.toUri().toString());
    }
}
