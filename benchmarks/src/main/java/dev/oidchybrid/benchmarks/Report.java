package dev.oidchybrid.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run against their goals, and the details behind them, as Markdown: printed at the end
 * and written to {@code benchmarks/target/benchmarks/report.md}, from which BENCHMARKS.md quotes.
 */
final class Report {

    /** One figure; {@code met} is null for figures without a goal. */
    record Figure(String name, String value, String goal, Boolean met) {
    }

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    void figure(String name, String value, String goal, boolean met) {
        figures.add(new Figure(name, value, goal, met));
    }

    void info(String name, String value) {
        figures.add(new Figure(name, value, "", null));
    }

    /** A line of the details (Markdown). */
    void detail(String line) {
        details.add(line);
    }

    boolean allGoalsMet() {
        return figures.stream().allMatch(f -> f.met() == null || f.met());
    }

    String markdown(String header) {
        StringBuilder md = new StringBuilder(header).append('\n');
        md.append("| figure | value | goal | met |\n|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(f.value()).append(" | ").append(f.goal())
                    .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**").append(" |\n");
        }
        md.append('\n');
        details.forEach(line -> md.append(line).append('\n'));
        return md.toString();
    }

    void write(Path file, String header) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown(header));
    }

    static String f0(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String f1(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String f2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String f3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
