package dev.oidchybrid.sample;

import dev.oidchybrid.filter.web.OidcAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/appointments}: the sample's API, behind the filter in bearer mode (audience
 * {@code appointments:api}, scope {@code read:appointments}). Answers the caller's appointments as JSON.
 */
public class AppointmentsServlet extends JsonServlet {

    private static final long serialVersionUID = 1L;

    /** The JSON answer. */
    /** @param dpopBound whether the caller presented a DPoP-bound token with a valid proof of its key */
    public record Appointments(String owner, String authType, Set<String> scopes, boolean dpopBound,
                               List<Appointment> appointments) {
    }

    /** One appointment. */
    public record Appointment(String when, String what) {
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Set<String> scopes = (Set<String>) request.getAttribute(OidcAttributes.SCOPES);
        writeJson(response, new Appointments(request.getRemoteUser(), request.getAuthType(), scopes,
                request.getAttribute(OidcAttributes.DPOP_JKT) != null, List.of(
                new Appointment("2026-12-01T09:30", "Dentist"),
                new Appointment("2026-12-03T14:00", "Design review"))));
    }
}
