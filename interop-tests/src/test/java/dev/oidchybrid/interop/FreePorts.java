package dev.oidchybrid.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1, chosen before the servers start so that every URL (issuer, redirect URIs) is
 * known up front. A port handed out is not handed out again by this JVM.
 */
final class FreePorts {

    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    static synchronized int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (GIVEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on the loopback interface", e);
            }
        }
        throw new IllegalStateException("no fresh free port after 50 attempts");
    }
}
