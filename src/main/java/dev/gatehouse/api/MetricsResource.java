package dev.gatehouse.api;

import dev.gatehouse.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Gatehouse's application metrics in the Prometheus text format, for operators only: a signed-in administrator,
 * or a scraper presenting {@code gatehouse.metrics.token} as a bearer token (see
 * {@code SessionAuthenticationMechanism}). Anyone else gets 401 or 403.
 * Payara Micro 6 does not serve its own {@code /metrics} when an application owns the root context (Payara
 * issue 4924), so the application registry is exposed here.
 */
@Path("metrics")
@RequestScoped
@RolesAllowed({Roles.ADMIN, Roles.METRICS})
public class MetricsResource {

    @Inject
    MetricRegistry registry;

    @GET
    @Produces("text/plain; version=0.0.4")
    public Response metrics() {
        StringBuilder out = new StringBuilder();
        Map<MetricID, Metric> sorted = new TreeMap<>(registry.getMetrics());
        sorted.forEach((id, metric) -> {
            String name = id.getName();
            String tags = id.getTags().isEmpty()
                    ? ""
                    : id.getTags().entrySet().stream()
                            .map(t -> t.getKey() + "=\"" + t.getValue() + "\"")
                            .reduce((a, b) -> a + "," + b)
                            .map(t -> "{" + t + "}")
                            .orElse("");
            if (metric instanceof Counter counter) {
                out.append(name)
                        .append("_total")
                        .append(tags)
                        .append(' ')
                        .append(counter.getCount())
                        .append('\n');
            } else if (metric instanceof Gauge<?> gauge) {
                out.append(name)
                        .append(tags)
                        .append(' ')
                        .append(gauge.getValue())
                        .append('\n');
            } else if (metric instanceof Timer timer) {
                out.append(name)
                        .append("_seconds_count")
                        .append(tags)
                        .append(' ')
                        .append(timer.getCount())
                        .append('\n');
                out.append(name)
                        .append("_seconds_sum")
                        .append(tags)
                        .append(' ')
                        .append(String.format(
                                Locale.ROOT, "%.6f", timer.getElapsedTime().toNanos() / 1e9))
                        .append('\n');
                var snapshot = timer.getSnapshot();
                for (var q : snapshot.percentileValues()) {
                    out.append(name)
                            .append("_seconds{quantile=\"")
                            .append(q.getPercentile())
                            .append("\"} ")
                            .append(String.format(Locale.ROOT, "%.6f", q.getValue() / 1e9))
                            .append('\n');
                }
            }
        });
        return Response.ok(out.toString()).header("Cache-Control", "no-store").build();
    }
}
