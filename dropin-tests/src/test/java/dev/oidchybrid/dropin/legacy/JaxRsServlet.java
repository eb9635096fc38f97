package dev.oidchybrid.dropin.legacy;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

import java.io.IOException;
import java.util.Map;

/**
 * For the variant of the legacy WAR that bundles its own JAX-RS client (Jersey) and JSON-B in WEB-INF/lib, as many
 * applications do: fetches the JSON at {@code ?url=} with them and tells which JAX-RS implementation answered and
 * whether it came from the WAR.
 */
public class JaxRsServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Client client = ClientBuilder.newClient();
        Jsonb jsonb = JsonbBuilder.create();
        try {
            Map<?, ?> document = client.target(request.getParameter("url")).request("application/json").get(Map.class);
            response.setContentType("text/plain");
            response.getWriter().write("client=" + client.getClass().getName()
                    + " fromWar=" + (client.getClass().getClassLoader() == getClass().getClassLoader())
                    + " issuer=" + document.get("issuer")
                    + " json=" + jsonb.toJson(Map.of("app", "own")));
        } finally {
            client.close();
            try {
                jsonb.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
