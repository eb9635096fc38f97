package dev.oidchybrid.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The machine a run happened on, in one line: CPU, cores, memory, OS and JVM. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
        String memory = procLine("/proc/meminfo", "MemTotal")
                .map(kb -> Math.round(Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GB RAM")
                .orElse("memory unknown");
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    private static Optional<String> procLine(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
