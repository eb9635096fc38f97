-- Prints one machine-readable line at the end of a wrk run; read by dev.oidchybrid.benchmarks.Wrk.
-- Latencies are in microseconds; errors_status counts answers with a status of 400 or more.
done = function(summary, latency, requests)
  io.write(string.format(
    "WRK-RESULT requests=%d duration_us=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50.0), latency:percentile(90.0), latency:percentile(99.0), latency.max))
end
