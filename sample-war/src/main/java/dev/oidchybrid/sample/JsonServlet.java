package dev.oidchybrid.sample;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Base of the servlets that answer (or show) JSON: one thread-safe {@link Jsonb} per servlet, created in {@link #init()}
 * and closed in {@link #destroy()}, and responses that are never cached (they carry personal data).
 */
public abstract class JsonServlet extends HttpServlet {

    private transient Jsonb jsonb;

    @Override
    public void init() {
        jsonb = JsonbBuilder.create();
    }

    @Override
    public void destroy() {
        if (jsonb != null) {
            try {
                jsonb.close();
            } catch (Exception e) {
                log("could not close JSON-B", e);
            }
        }
    }

    /** {@code value} as JSON text. */
    protected String toJson(Object value) {
        return jsonb.toJson(value);
    }

    /** Writes {@code body} as a 200 {@code application/json} answer. */
    protected void writeJson(HttpServletResponse response, Object body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(jsonb.toJson(body));
    }
}
